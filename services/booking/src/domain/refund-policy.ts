// How much of a ticket's price goes back when a customer cancels: everything a week or more
// before the show, then a fee that grows as the show nears, and no cancelling after the cutoff.
// A showtime cancelled by the cinema refunds everything. Pure; docs/booking.md has the table.

export interface FeeBand {
  /** The band applies while at least this long is left before the show. */
  minHoursBefore: number;
  /** Share of the price kept, in percent. */
  feePercent: number;
}

/** Longest lead first. The last band ends at the cutoff. */
export const FEE_BANDS: readonly FeeBand[] = [
  { minHoursBefore: 7 * 24, feePercent: 0 },
  { minHoursBefore: 48, feePercent: 10 },
  { minHoursBefore: 0, feePercent: 25 },
];

export type CancellationQuote =
  | { allowed: true; feePercent: number; fee: number; refund: number }
  | { allowed: false; cutoff: Date };

/** The quote for cancelling tickets worth `amount` at `now`, for a show starting at `startsAt`. */
export function quoteCancellation(
  amount: number,
  startsAt: Date,
  now: Date,
  cutoffMinutes: number,
): CancellationQuote {
  const cutoff = new Date(startsAt.getTime() - cutoffMinutes * 60_000);
  if (now >= cutoff) return { allowed: false, cutoff };
  const hoursLeft = (startsAt.getTime() - now.getTime()) / 3_600_000;
  const band = FEE_BANDS.find((b) => hoursLeft >= b.minHoursBefore) ?? FEE_BANDS.at(-1)!;
  // Rounded down in the customer's favour: a fee never exceeds its percentage.
  const fee = Math.floor((amount * band.feePercent) / 100);
  return { allowed: true, feePercent: band.feePercent, fee, refund: amount - fee };
}
