// Unit tests for the stranded-seat rule: lone seats beside taken seats, aisles and row ends,
// gaps that were already there, and the "no better choice" exception.
import { describe, expect, it } from 'vitest';
import { ME, seatMap } from './seat-map.fixture.ts';
import type { HoldRuleViolation } from './seat-rules.ts';
import { checkHoldRequest } from './seat-rules.ts';

const limits = { maxSeatsPerHold: 10, maxSeatsPerCustomer: 10 };

function check(rows: Record<string, string>, labels: string[]): HoldRuleViolation[] {
  return checkHoldRequest(seatMap(rows), { customerId: ME, labels }, limits, 0);
}

const stranded = (seats: string[], message: string): HoldRuleViolation[] => [
  { rule: 'stranded_seat', seats, message },
];

describe('a new lone seat', () => {
  it('may not be left between two taken seats', () => {
    expect(check({ A: 'xoooox' }, ['A3'])).toEqual(
      stranded(
        ['A2'],
        'Seat A2 would be left empty on its own between taken seats; choose A2 or A5 instead',
      ),
    );
    expect(check({ C: 'xooooox' }, ['C4', 'C5'])).toEqual(
      stranded(
        ['C6'],
        'Seat C6 would be left empty on its own between taken seats; choose C5-C6 or C2-C3 instead',
      ),
    );
  });

  it('may not be left between a taken seat and an aisle', () => {
    expect(check({ A: 'ooooo.ooooo' }, ['A7', 'A8'])).toEqual(
      stranded(
        ['A6'],
        'Seat A6 would be left empty on its own between a taken seat and the aisle; choose A6-A7, A9-A10, or A4-A5 instead',
      ),
    );
  });

  it('may not be left at the end of a row, wherever the row starts', () => {
    expect(check({ A: 'ooooo' }, ['A2'])).toEqual(
      stranded(
        ['A1'],
        'Seat A1 would be left empty on its own between a taken seat and the end of the row; choose A1, A3, or A5 instead',
      ),
    );
    expect(check({ A: '..ooooo' }, ['A2'])[0]?.message).toContain('the end of the row');
    expect(check({ A: 'ooooo..' }, ['A4'])[0]?.message).toContain(
      'Seat A5 would be left empty on its own between a taken seat and the end of the row',
    );
  });

  it('reports every lone seat of a row in one violation', () => {
    expect(check({ A: 'xoxoooo' }, ['A5', 'A6'])).toEqual(
      stranded(
        ['A4', 'A7'],
        'Seats A4 and A7 would each be left empty on their own; choose A4-A5 or A6-A7 instead',
      ),
    );
  });

  it('is judged the same for seats taken apart in one request', () => {
    expect(check({ A: 'oooooo' }, ['A1', 'A3'])).toEqual(
      stranded(
        ['A2'],
        'Seat A2 would be left empty on its own between taken seats; choose A1-A2, A3-A4, or A5-A6 instead',
      ),
    );
  });

  it('is reported only for the rows where it happens', () => {
    const violations = check({ A: 'oooooo', B: 'oooooo' }, ['A3', 'A4', 'B2']);
    expect(violations.map((v) => v.seats)).toEqual([['B1']]);
  });

  it('is fine when no seat is left alone', () => {
    expect(check({ A: 'oooooo' }, ['A3', 'A4'])).toEqual([]);
    expect(check({ A: 'xoox' }, ['A2', 'A3'])).toEqual([]);
    expect(check({ A: 'oo.oo' }, ['A3', 'A4'])).toEqual([]);
  });
});

describe('seats that were already alone', () => {
  it('do not count against the request', () => {
    expect(check({ A: 'xoxoooo' }, ['A4', 'A5'])).toEqual([]);
    expect(check({ A: 'xoxoooo' }, ['A6', 'A7'])).toEqual([]);
    expect(check({ A: 'oxoooo' }, ['A3', 'A4'])).toEqual([]);
  });

  it('may be filled', () => {
    expect(check({ A: 'xoxoooo' }, ['A2'])).toEqual([]);
  });
});

describe('"unless the request leaves no better choice"', () => {
  it('allows two seats in a block of three: every placement leaves one seat', () => {
    expect(check({ A: 'ooo' }, ['A1', 'A2'])).toEqual([]);
    expect(check({ A: 'ooo' }, ['A2', 'A3'])).toEqual([]);
    expect(check({ A: 'ooo.ooo' }, ['A2', 'A3'])).toEqual([]);
  });

  it('refuses it when another block of the row has room without a lone seat', () => {
    expect(check({ A: 'ooo.oooo' }, ['A1', 'A2'])).toEqual(
      stranded(
        ['A3'],
        'Seat A3 would be left empty on its own between a taken seat and the aisle; choose A4-A5 or A6-A7 instead',
      ),
    );
  });

  it('looks only at the rows of the request', () => {
    expect(check({ A: 'ooo', B: 'oooo' }, ['A1', 'A2'])).toEqual([]);
    const violations = check({ A: 'ooo', B: 'oooooo' }, ['A1', 'A2', 'B2', 'B3']);
    expect(violations.map((v) => [v.rule, v.seats])).toEqual([['stranded_seat', ['B1']]]);
  });

  it('counts only runs of free seats as alternatives', () => {
    // The second block has no two free seats side by side, so A1-A2 is the best there is.
    expect(check({ A: 'ooo.oxo' }, ['A1', 'A2'])).toEqual([]);
    expect(check({ A: 'ooo.oxoo' }, ['A1', 'A2'])[0]?.message).toMatch(/choose A6-A7 instead$/);
  });

  it('lets one seat be taken from a row of one seat', () => {
    expect(check({ A: 'o' }, ['A1'])).toEqual([]);
    expect(check({ A: 'o.ooo' }, ['A1'])).toEqual([]);
    expect(check({ A: 'o.ooo' }, ['A3'])).toEqual(
      stranded(
        ['A2', 'A4'],
        'Seats A2 and A4 would each be left empty on their own; choose A2, A4, or A1 instead',
      ),
    );
  });
});

describe('blocked, held and accessible seats', () => {
  it('counts a blocked seat as taken', () => {
    expect(check({ A: 'boooo' }, ['A3'])).toEqual(
      stranded(
        ['A2'],
        'Seat A2 would be left empty on its own between taken seats; choose A2 or A5 instead',
      ),
    );
  });

  it("counts the customer's own held seats as taken", () => {
    expect(check({ A: 'moooo' }, ['A3'])[0]?.seats).toEqual(['A2']);
  });

  it('still calls a seat lone when its only free neighbour is a wheelchair space', () => {
    expect(check({ A: 'cwoooo' }, ['A4'])).toEqual(
      stranded(
        ['A3'],
        'Seat A3 would be left empty on its own between a taken seat and a wheelchair space; choose A3 or A6 instead',
      ),
    );
  });

  it('still calls a seat lone when its only free neighbour is a companion seat', () => {
    expect(check({ A: 'wcoooo' }, ['A4'])[0]?.message).toContain(
      'between a taken seat and a companion seat',
    );
  });

  it('never holds back a wheelchair space or companion seat for being left alone', () => {
    expect(check({ A: 'cwc', B: 'oooo' }, ['A1', 'A2'])).toEqual([]);
    expect(check({ A: 'oooocw' }, ['A5', 'A6'])).toEqual([]);
  });

  it('treats premium and standard seats as one block', () => {
    expect(check({ A: 'ppoo' }, ['A2', 'A3'])[0]?.seats).toEqual(['A1', 'A4']);
  });
});
