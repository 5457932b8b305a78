// Seat layouts of a screen: the shape (zod) and the rules a new layout must follow.
//
// Two schemas on purpose: `seatLayoutSchema` checks structure only, so a layout stored or
// snapshotted years ago keeps parsing even if the rules below grow stricter; new layouts are
// accepted through `seatLayoutInputSchema`, which adds every rule of `validateSeatLayout`.
import { z } from 'zod';

export const SEAT_CATEGORIES = ['standard', 'premium', 'wheelchair', 'companion'] as const;
export const SeatCategory = z.enum(SEAT_CATEGORIES);
export type SeatCategory = z.infer<typeof SeatCategory>;

export const LAYOUT_LIMITS = {
  minRows: 1,
  maxRows: 50,
  minPositionsPerRow: 1,
  maxPositionsPerRow: 60,
  minSeats: 1,
  maxSeats: 1_500,
} as const;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

export const seatSchema = z
  .object({
    label: z
      .string()
      .min(1)
      .max(8)
      .regex(NAME_PATTERN, 'must be letters, digits and dashes, starting with a letter or digit'),
    category: SeatCategory,
  })
  .strict();
export type Seat = z.infer<typeof seatSchema>;

/** One row, left to right as seen from the screen's back wall; `null` is a gap or an aisle. */
export const seatRowSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(4)
      .regex(NAME_PATTERN, 'must be letters, digits and dashes, starting with a letter or digit'),
    seats: z.array(seatSchema.nullable()),
  })
  .strict();
export type SeatRow = z.infer<typeof seatRowSchema>;

/** Rows from the front (nearest the screen) to the back. */
export const seatLayoutSchema = z.object({ rows: z.array(seatRowSchema) }).strict();
export type SeatLayout = z.infer<typeof seatLayoutSchema>;

/** Same shape as the kit's FieldProblem; contracts depend on nothing but zod. */
export interface FieldProblem {
  field: string;
  message: string;
}

type IssuePath = (string | number)[];
interface LayoutIssue {
  path: IssuePath;
  message: string;
}

function checkSizes(layout: SeatLayout, issues: LayoutIssue[]): void {
  const { rows } = layout;
  if (rows.length < LAYOUT_LIMITS.minRows || rows.length > LAYOUT_LIMITS.maxRows) {
    issues.push({
      path: ['rows'],
      message: `must have between ${LAYOUT_LIMITS.minRows} and ${LAYOUT_LIMITS.maxRows} rows (has ${rows.length})`,
    });
  }
  rows.forEach((row, r) => {
    const positions = row.seats.length;
    if (
      positions < LAYOUT_LIMITS.minPositionsPerRow ||
      positions > LAYOUT_LIMITS.maxPositionsPerRow
    ) {
      issues.push({
        path: ['rows', r, 'seats'],
        message: `must have between ${LAYOUT_LIMITS.minPositionsPerRow} and ${LAYOUT_LIMITS.maxPositionsPerRow} positions (has ${positions})`,
      });
    } else if (row.seats.every((seat) => seat === null)) {
      issues.push({
        path: ['rows', r, 'seats'],
        message: 'must contain at least one seat, not only gaps',
      });
    }
  });
  const seats = countSeats(layout);
  if (seats < LAYOUT_LIMITS.minSeats) {
    issues.push({ path: ['rows'], message: 'must contain at least one seat' });
  } else if (seats > LAYOUT_LIMITS.maxSeats) {
    issues.push({
      path: ['rows'],
      message: `must contain at most ${LAYOUT_LIMITS.maxSeats} seats (has ${seats})`,
    });
  }
}

// Names are compared case-insensitively: "a1" and "A1" would be the same seat to a person.
function checkUniqueNames(layout: SeatLayout, issues: LayoutIssue[]): void {
  const rowNames = new Map<string, number>();
  const labels = new Map<string, string>();
  layout.rows.forEach((row, r) => {
    const rowKey = row.name.toUpperCase();
    const firstRow = rowNames.get(rowKey);
    if (firstRow === undefined) rowNames.set(rowKey, r);
    else
      issues.push({
        path: ['rows', r, 'name'],
        message: `duplicates the name of rows[${firstRow}]`,
      });

    row.seats.forEach((seat, s) => {
      if (!seat) return;
      const key = seat.label.toUpperCase();
      const first = labels.get(key);
      if (first === undefined) labels.set(key, `rows[${r}].seats[${s}]`);
      else
        issues.push({
          path: ['rows', r, 'seats', s, 'label'],
          message: `duplicates the label of ${first}`,
        });
    });
  });
}

// A wheelchair space needs a companion seat right beside it (no gap), and a companion seat only
// makes sense beside a wheelchair space: that is how venues keep companion seats for companions.
function checkAccessiblePairs(layout: SeatLayout, issues: LayoutIssue[]): void {
  layout.rows.forEach((row, r) => {
    const categoryAt = (s: number) => row.seats[s]?.category;
    row.seats.forEach((seat, s) => {
      if (!seat) return;
      const neighbours = [categoryAt(s - 1), categoryAt(s + 1)];
      if (seat.category === 'wheelchair' && !neighbours.includes('companion')) {
        issues.push({
          path: ['rows', r, 'seats', s, 'category'],
          message: 'a wheelchair space needs a companion seat directly beside it in the same row',
        });
      }
      if (seat.category === 'companion' && !neighbours.includes('wheelchair')) {
        issues.push({
          path: ['rows', r, 'seats', s, 'category'],
          message: 'a companion seat must be directly beside a wheelchair space in the same row',
        });
      }
    });
  });
}

function collectLayoutIssues(layout: SeatLayout): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  checkSizes(layout, issues);
  checkUniqueNames(layout, issues);
  checkAccessiblePairs(layout, issues);
  return issues;
}

const formatPath = (base: string, path: IssuePath) =>
  path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${part}`),
    base,
  );

/**
 * Every rule a new layout must follow; an empty list means valid. Fields are named from `base`
 * (`body.layout` gives `body.layout.rows[2].seats[4].label`).
 */
export function validateSeatLayout(layout: SeatLayout, base = 'layout'): FieldProblem[] {
  return collectLayoutIssues(layout).map((issue) => ({
    field: formatPath(base, issue.path),
    message: issue.message,
  }));
}

/** Structure plus every rule: for accepting new layouts. */
export const seatLayoutInputSchema = seatLayoutSchema.superRefine((layout, ctx) => {
  for (const issue of collectLayoutIssues(layout)) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});

export function countSeats(layout: SeatLayout): number {
  return layout.rows.reduce(
    (sum, row) => sum + row.seats.filter((seat) => seat !== null).length,
    0,
  );
}

export interface LayoutCapacity {
  total: number;
  byCategory: Record<SeatCategory, number>;
}

/** How many seats of each category the layout holds (gaps do not count). */
export function layoutCapacity(layout: SeatLayout): LayoutCapacity {
  const byCategory: Record<SeatCategory, number> = {
    standard: 0,
    premium: 0,
    wheelchair: 0,
    companion: 0,
  };
  for (const row of layout.rows) {
    for (const seat of row.seats) if (seat) byCategory[seat.category] += 1;
  }
  return { total: countSeats(layout), byCategory };
}

export interface PlacedSeat extends Seat {
  row: string;
  /** Zero-based position in the row, counting gaps: where the seat is drawn. */
  position: number;
}

/** Every seat with its row and position, front row first: what a showtime turns into inventory. */
export function listLayoutSeats(layout: SeatLayout): PlacedSeat[] {
  return layout.rows.flatMap((row) =>
    row.seats.flatMap((seat, position) => (seat ? [{ ...seat, row: row.name, position }] : [])),
  );
}
