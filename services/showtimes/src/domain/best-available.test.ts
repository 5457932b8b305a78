// Best available: which blocks are offered, in what order, and which the seating rules keep out.
import { describe, expect, it } from 'vitest';
import { rankBestAvailable } from './best-available.ts';
import { ME, seatMap } from './seat-map.fixture.ts';

const rank = (rows: Record<string, string>, quantity: number, extra = {}) =>
  rankBestAvailable(seatMap(rows), { quantity, customerId: ME, limit: 100, ...extra }).map(
    (block) => block.seats,
  );

describe('rankBestAvailable', () => {
  it('offers the middle of the row about two thirds back first', () => {
    const best = rank({ A: 'oooooo', B: 'oooooo', C: 'oooooo', D: 'oooooo' }, 2)[0];
    // Rows A..D: two thirds back is row C (index 2); the middle pair of six is 3-4.
    expect(best).toEqual(['C3', 'C4']);
  });

  it('offers only side-by-side free seats, never across a gap or a taken seat', () => {
    // A1 A2 | aisle | A3, A4 sold, A5 A6: A2-A3 straddle the aisle, A3 has no free neighbour.
    const blocks = rank({ A: 'oo.oxoo' }, 2);
    expect(blocks).toHaveLength(2);
    expect(blocks).toEqual(
      expect.arrayContaining([
        ['A1', 'A2'],
        ['A5', 'A6'],
      ]),
    );
  });

  it('never offers a block that would strand a single seat when another block does not', () => {
    // Taking A2-A3 would leave A1 alone beside the aisle; A1-A2 and A3-A4 leave nothing alone.
    const blocks = rank({ A: 'oooo' }, 2);
    expect(blocks).not.toContainEqual(['A2', 'A3']);
    expect(blocks).toEqual(
      expect.arrayContaining([
        ['A1', 'A2'],
        ['A3', 'A4'],
      ]),
    );
  });

  it('leaves wheelchair spaces and companion seats out unless that category is asked for', () => {
    const rows = { A: 'wcoo' };
    expect(rank(rows, 2)).toEqual([['A3', 'A4']]);
    expect(rank(rows, 1, { category: 'wheelchair' })).toEqual([['A1']]);
    expect(rank(rows, 2, { category: 'premium' })).toEqual([]);
  });

  it('skips excluded seats and honours the limit', () => {
    const rows = { A: 'oooooooo' };
    const all = rank(rows, 2);
    expect(rank(rows, 2, { exclude: new Set(all[0]) }).flat()).not.toContain(all[0]![0]);
    expect(rank(rows, 2, { limit: 1 })).toHaveLength(1);
  });

  it('offers one block per row, best row first, and skips excluded rows', () => {
    const rows = { A: 'oooo', B: 'oooo', C: 'oooo', D: 'oooo' };
    const blocks = rankBestAvailable(seatMap(rows), {
      quantity: 2,
      customerId: ME,
      onePerRow: true,
    });
    expect(blocks.map((block) => block.row)).toEqual(['C', 'B', 'D', 'A']);
    const withoutC = rankBestAvailable(seatMap(rows), {
      quantity: 2,
      customerId: ME,
      onePerRow: true,
      excludeRows: new Set(['C']),
    });
    expect(withoutC.map((block) => block.row)).toEqual(['B', 'D', 'A']);
  });

  it('prefers a block that leaves runs later pairs can fill exactly, so a rush sells every seat', () => {
    // Eight free seats: the very middle (A4-A5) would leave 3 and 3, each ending in a single seat.
    const [best] = rank({ A: 'oooooooo' }, 2);
    expect(best).not.toEqual(['A4', 'A5']);
    expect([
      ['A3', 'A4'],
      ['A5', 'A6'],
    ]).toContainEqual(best);
  });

  it('finds nothing when no block of that size is free', () => {
    expect(rank({ A: 'oxoxo', B: 'hhhh' }, 2)).toEqual([]);
  });
});
