// Test helper: draws a showtime's seats with one string per row, so a test shows the row it means.
import type { SeatSnapshot } from './seat-rules.ts';

export const ME = 'customer-me';
export const OTHER = 'customer-other';

type Drawn = Pick<SeatSnapshot, 'category' | 'state' | 'holderId'>;

/**
 * One character per position, left to right; spaces are ignored. Seats are numbered from 1 in
 * each row, gaps skipped: row A `oo.o` is A1 A2, an aisle, A3.
 */
const LEGEND: Record<string, Drawn | null> = {
  '.': null, // gap or aisle
  o: { category: 'standard', state: 'available' },
  p: { category: 'premium', state: 'available' },
  x: { category: 'standard', state: 'sold', holderId: OTHER },
  h: { category: 'standard', state: 'held', holderId: OTHER },
  b: { category: 'standard', state: 'blocked' },
  m: { category: 'standard', state: 'held', holderId: ME },
  M: { category: 'standard', state: 'sold', holderId: ME },
  w: { category: 'wheelchair', state: 'available' },
  W: { category: 'wheelchair', state: 'held', holderId: ME },
  S: { category: 'wheelchair', state: 'sold', holderId: ME },
  v: { category: 'wheelchair', state: 'held', holderId: OTHER },
  c: { category: 'companion', state: 'available' },
  C: { category: 'companion', state: 'sold', holderId: OTHER },
};

export function seatMap(rows: Record<string, string>): SeatSnapshot[] {
  return Object.entries(rows).flatMap(([row, drawing]) => {
    let number = 0;
    return [...drawing.replaceAll(' ', '')].flatMap((code, position) => {
      const drawn = LEGEND[code];
      if (drawn === undefined) throw new Error(`unknown seat code "${code}" in row ${row}`);
      if (drawn === null) return [];
      number += 1;
      return [{ label: `${row}${number}`, row, position, ...drawn }];
    });
  });
}
