// Unit tests for the seat-layout rules: each rule is broken once and must be reported by field.
import { describe, expect, it } from 'vitest';
import {
  layoutCapacity,
  listLayoutSeats,
  seatLayoutInputSchema,
  seatLayoutSchema,
  validateSeatLayout,
  type Seat,
  type SeatCategory,
  type SeatLayout,
} from './layouts.ts';

const seat = (label: string, category: SeatCategory = 'standard'): Seat => ({ label, category });
const row = (name: string, count: number, category: SeatCategory = 'standard') => ({
  name,
  seats: Array.from({ length: count }, (_, i) => seat(`${name}${i + 1}`, category)),
});

const valid: SeatLayout = {
  rows: [
    {
      name: 'A',
      seats: [seat('A1', 'wheelchair'), seat('A2', 'companion'), null, seat('A3'), seat('A4')],
    },
    { name: 'B', seats: [seat('B1'), seat('B2'), null, seat('B3'), seat('B4')] },
    {
      name: 'C',
      seats: [seat('C1', 'premium'), seat('C2', 'premium'), null, seat('C3', 'premium')],
    },
  ],
};

const fields = (layout: SeatLayout, base?: string) =>
  validateSeatLayout(layout, base).map((p) => p.field);

describe('validateSeatLayout', () => {
  it('accepts a valid layout', () => {
    expect(validateSeatLayout(valid)).toEqual([]);
  });

  it('names fields from the given base path', () => {
    const layout: SeatLayout = {
      rows: [row('A', 3), { name: 'B', seats: [seat('B1'), seat('A2')] }],
    };
    expect(fields(layout, 'body.layout')).toEqual(['body.layout.rows[1].seats[1].label']);
  });

  it('rejects a layout without rows', () => {
    expect(fields({ rows: [] })).toContain('layout.rows');
  });

  it('rejects more than 50 rows', () => {
    const rows = Array.from({ length: 51 }, (_, i) => ({
      name: `R${i}`,
      seats: [seat(`R${i}S1`)],
    }));
    expect(fields({ rows })).toEqual(['layout.rows']);
    expect(fields({ rows: rows.slice(0, 50) })).toEqual([]);
  });

  it('rejects a row without positions', () => {
    expect(fields({ rows: [row('A', 2), { name: 'B', seats: [] }] })).toEqual([
      'layout.rows[1].seats',
    ]);
  });

  it('rejects more than 60 positions in a row', () => {
    expect(fields({ rows: [row('A', 61)] })).toEqual(['layout.rows[0].seats']);
    expect(fields({ rows: [row('A', 60)] })).toEqual([]);
  });

  it('rejects more than 1,500 seats', () => {
    const rows = Array.from({ length: 26 }, (_, i) => row(`R${i}-`, 58));
    expect(rows.length * 58).toBe(1508);
    expect(fields({ rows })).toEqual(['layout.rows']);
    expect(fields({ rows: rows.slice(0, 25) })).toEqual([]);
  });

  it('rejects a row that is only gaps', () => {
    const layout: SeatLayout = { rows: [row('A', 2), { name: 'B', seats: [null, null, null] }] };
    expect(fields(layout)).toEqual(['layout.rows[1].seats']);
  });

  it('rejects duplicate row names, ignoring case', () => {
    const layout: SeatLayout = { rows: [row('A', 2), { name: 'a', seats: [seat('X1')] }] };
    expect(fields(layout)).toEqual(['layout.rows[1].name']);
  });

  it('rejects duplicate seat labels across rows, ignoring case', () => {
    const layout: SeatLayout = {
      rows: [
        row('A', 3),
        { name: 'B', seats: [seat('B1'), null, seat('b1')] },
        { name: 'C', seats: [seat('a2')] },
      ],
    };
    expect(fields(layout)).toEqual([
      'layout.rows[1].seats[2].label',
      'layout.rows[2].seats[0].label',
    ]);
  });

  it('rejects a wheelchair space without a companion seat beside it', () => {
    const layout: SeatLayout = {
      rows: [{ name: 'A', seats: [seat('A1', 'wheelchair'), seat('A2'), seat('A3')] }],
    };
    expect(fields(layout)).toEqual(['layout.rows[0].seats[0].category']);
  });

  it('does not count a companion seat across a gap', () => {
    const layout: SeatLayout = {
      rows: [{ name: 'A', seats: [seat('A1', 'wheelchair'), null, seat('A2', 'companion')] }],
    };
    expect(fields(layout)).toEqual([
      'layout.rows[0].seats[0].category',
      'layout.rows[0].seats[2].category',
    ]);
  });

  it('does not count a companion seat in another row', () => {
    const layout: SeatLayout = {
      rows: [
        { name: 'A', seats: [seat('A1', 'wheelchair'), seat('A2')] },
        { name: 'B', seats: [seat('B1', 'companion'), seat('B2')] },
      ],
    };
    expect(fields(layout)).toEqual([
      'layout.rows[0].seats[0].category',
      'layout.rows[1].seats[0].category',
    ]);
  });

  it('accepts a companion seat on either side, shared between two wheelchair spaces', () => {
    const layout: SeatLayout = {
      rows: [
        {
          name: 'A',
          seats: [
            seat('A1', 'wheelchair'),
            seat('A2', 'companion'),
            seat('A3', 'wheelchair'),
            null,
            seat('A4'),
          ],
        },
        { name: 'B', seats: [seat('B1'), seat('B2', 'companion'), seat('B3', 'wheelchair')] },
      ],
    };
    expect(validateSeatLayout(layout)).toEqual([]);
  });

  it('rejects a companion seat with no wheelchair space beside it', () => {
    const layout: SeatLayout = {
      rows: [{ name: 'A', seats: [seat('A1'), seat('A2', 'companion'), seat('A3')] }],
    };
    expect(fields(layout)).toEqual(['layout.rows[0].seats[1].category']);
  });

  it('reports every problem at once with a message', () => {
    const layout: SeatLayout = {
      rows: [
        { name: 'A', seats: [seat('A1', 'wheelchair')] },
        { name: 'A', seats: [null] },
      ],
    };
    const problems = validateSeatLayout(layout);
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['layout.rows[0].seats[0].category', 'layout.rows[1].name', 'layout.rows[1].seats'].sort(),
    );
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(5);
  });
});

describe('seatLayoutSchema and seatLayoutInputSchema', () => {
  it('parses structure only, so stored layouts stay readable when the rules change', () => {
    expect(seatLayoutSchema.safeParse({ rows: [] }).success).toBe(true);
    expect(seatLayoutInputSchema.safeParse({ rows: [] }).success).toBe(false);
  });

  it('rejects unknown categories, unknown fields and bad labels', () => {
    const cases = [
      { rows: [{ name: 'A', seats: [{ label: 'A1', category: 'vip' }] }] },
      { rows: [{ name: 'A', seats: [{ label: 'A1', category: 'standard', price: 3 }] }] },
      { rows: [{ name: 'A', seats: [{ label: 'A 1', category: 'standard' }] }] },
      { rows: [{ name: '', seats: [{ label: 'A1', category: 'standard' }] }] },
      { rows: [], extra: true },
    ];
    for (const input of cases) expect(seatLayoutSchema.safeParse(input).success).toBe(false);
  });

  it('reports rule problems at the path of the field', () => {
    const result = seatLayoutInputSchema.safeParse({
      rows: [row('A', 2), { name: 'B', seats: [seat('B1'), seat('A1')] }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['rows', 1, 'seats', 1, 'label']]);
  });
});

describe('layoutCapacity and listLayoutSeats', () => {
  it('counts seats by category, ignoring gaps', () => {
    expect(layoutCapacity(valid)).toEqual({
      total: 11,
      byCategory: { standard: 6, premium: 3, wheelchair: 1, companion: 1 },
    });
  });

  it('lists seats with their row and drawn position', () => {
    const seats = listLayoutSeats(valid);
    expect(seats).toHaveLength(11);
    expect(seats[2]).toEqual({ label: 'A3', category: 'standard', row: 'A', position: 3 });
  });
});
