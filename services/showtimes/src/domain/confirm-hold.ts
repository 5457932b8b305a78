// Confirming a hold: its live seats become a sale, with one seat_sales row per seat as the last
// guard against selling a seat twice (docs/holds.md "The last guard is in the database").
import { isUniqueViolation } from '@marquee/kit/db';
import { conflict } from '@marquee/kit/errors';
import { createHoldSeatsRepository } from '../db/hold-seats.repository.ts';
import { createHoldsRepository, type HoldRecord } from '../db/holds.repository.ts';
import { enqueueSeatEvent, seatsCommitted } from './hold-events.ts';
import { holdEnded, holdNotFound } from './hold-problems.ts';
import type { HoldsDeps } from './holds.service.ts';

export interface ConfirmedHold {
  holdId: string;
  showtimeId: string;
  customerId: string;
  seats: string[];
  soldAt: string;
  bookingRef: string | null;
}

function confirmedResult(hold: HoldRecord, bookingRef: string | undefined): ConfirmedHold {
  if (bookingRef !== undefined && hold.bookingRef !== null && bookingRef !== hold.bookingRef) {
    throw conflict('This hold was confirmed for another booking.', { holdStatus: 'confirmed' });
  }
  return {
    holdId: hold.id,
    showtimeId: hold.showtimeId,
    customerId: hold.customerId,
    seats: hold.seatLabels,
    soldAt: (hold.endedAt ?? hold.createdAt).toISOString(),
    bookingRef: hold.bookingRef,
  };
}

/** Sells a live hold's seats; confirming a confirmed hold answers the same again. */
export function createConfirmHold(deps: HoldsDeps) {
  const { db, clock } = deps;

  return async function confirmHold(
    holdId: string,
    input: { bookingRef?: string },
  ): Promise<ConfirmedHold> {
    const now = clock();
    const hold = await createHoldsRepository(db).find(holdId);
    if (!hold) throw holdNotFound(holdId);
    if (hold.status === 'confirmed') return confirmedResult(hold, input.bookingRef);
    const outcome = await db.transaction(async (tx) => {
      const holds = createHoldsRepository(tx);
      const seats = createHoldSeatsRepository(tx);
      const showtime = await holds.shareShowtime(hold.showtimeId);
      if (showtime?.status === 'cancelled') {
        throw conflict('This showtime was cancelled; nothing was sold.', {
          reason: 'showtime_cancelled',
        });
      }
      await seats.lockHoldSeats(holdId);
      const current = await holds.lock(holdId);
      if (!current) throw holdNotFound(holdId);
      // Another confirm won the race while we waited for the seats: answer as it did.
      if (current.status === 'confirmed') return { sold: false, hold: current };
      if (current.status !== 'active') throw holdEnded(current, now, 'nothing was sold');

      // The expiry check is in the selling statement itself: a hold that ran out sells nothing.
      const sold = await seats.sellHoldSeats(holdId, now);
      if (sold.length !== current.seatLabels.length) {
        throw holdEnded({ ...current, status: 'expired' }, now, 'nothing was sold');
      }
      await holds
        .insertSales({
          showtimeId: current.showtimeId,
          holdId,
          customerId: current.customerId,
          labels: current.seatLabels,
          soldAt: now,
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw conflict('A seat of this hold is already sold.');
          throw err;
        });
      const ended = await holds.end(holdId, {
        status: 'confirmed',
        endedAt: now,
        bookingRef: input.bookingRef,
      });
      await enqueueSeatEvent(tx, 'seat.sold.v1', {
        showtimeId: current.showtimeId,
        holdId,
        customerId: current.customerId,
        seats: current.seatLabels,
        bookingRef: input.bookingRef ?? null,
      });
      return { sold: true, hold: ended as HoldRecord };
    });
    if (outcome.sold) seatsCommitted(deps, [hold.showtimeId]);
    return confirmedResult(outcome.hold, input.bookingRef);
  };
}
