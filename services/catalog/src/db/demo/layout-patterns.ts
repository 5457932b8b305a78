// Seat layouts written as one string per row, so demo screens read like a seating chart.
import type { Seat, SeatCategory, SeatLayout } from '@marquee/contracts/layouts';

const CATEGORY_OF: Record<string, SeatCategory> = {
  s: 'standard',
  p: 'premium',
  w: 'wheelchair',
  c: 'companion',
};

/**
 * One character per position: `s` standard, `p` premium, `w` wheelchair space, `c` companion
 * seat, `.` gap or aisle. Seats are numbered from 1, left to right, skipping gaps: `ss.ss` in row
 * B is B1 B2, gap, B3 B4.
 */
export function rowFromPattern(name: string, pattern: string): SeatLayout['rows'][number] {
  let number = 0;
  const seats = [...pattern].map((char): Seat | null => {
    if (char === '.') return null;
    const category = CATEGORY_OF[char];
    if (!category) throw new Error(`Unknown seat pattern character "${char}" in row ${name}`);
    number += 1;
    return { label: `${name}${number}`, category };
  });
  return { name, seats };
}

export function layoutFromPatterns(rows: [name: string, pattern: string][]): SeatLayout {
  return { rows: rows.map(([name, pattern]) => rowFromPattern(name, pattern)) };
}

/** Pads a row with gaps on both sides to `width` positions, for curved or stepped rooms. */
export function centred(pattern: string, width: number): string {
  const free = Math.max(0, width - pattern.length);
  const left = Math.floor(free / 2);
  return '.'.repeat(left) + pattern + '.'.repeat(free - left);
}

/** Row names A, B, C, ... for `count` rows. */
export const rowNames = (count: number) =>
  Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i));
