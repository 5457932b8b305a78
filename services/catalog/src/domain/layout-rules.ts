// What the catalog demands of a layout before storing it for good, and when two layouts are the same.
import { validateSeatLayout, type SeatLayout } from '@marquee/contracts/layouts';
import { unprocessable } from '@marquee/kit/errors';

/** Problems reported at most, so a wildly wrong layout does not produce a megabyte of errors. */
const MAX_REPORTED_PROBLEMS = 50;

/**
 * Layout versions are immutable, so a bad one could never be repaired, only superseded: the
 * domain checks every rule itself instead of trusting that the caller did.
 */
export function assertValidLayout(layout: SeatLayout, field = 'layout'): void {
  const problems = validateSeatLayout(layout, field);
  if (problems.length === 0) return;
  throw unprocessable(
    problems.length === 1
      ? `${problems[0]?.field} ${problems[0]?.message}.`
      : `The layout breaks ${problems.length} rules.`,
    problems.slice(0, MAX_REPORTED_PROBLEMS),
  );
}

// jsonb does not keep key order, so layouts are compared by their meaning, not their text.
const canonical = (layout: SeatLayout) =>
  JSON.stringify(
    layout.rows.map((row) => [
      row.name,
      row.seats.map((seat) => (seat ? [seat.label, seat.category] : null)),
    ]),
  );

export const sameLayout = (a: SeatLayout, b: SeatLayout) => canonical(a) === canonical(b);
