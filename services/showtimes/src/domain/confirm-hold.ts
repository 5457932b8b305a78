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

/**
 * Sells a live hold's seats; confirming a confirmed hold answers the same again. One transaction
 * of five statements: the hold with its showtime shared, its seats locked and sold (the expiry
 * check is in that statement), the hold ended, the sales and the event written. Only when fewer seats sold
 * than the hold has is the hold read again, to say why.
 */
export function createConfirmHold(deps: HoldsDeps) {
  const { db, clock } = deps;

  return async function confirmHold(
    holdId: string,
    input: { bookingRef?: string },
  ): Promise<ConfirmedHold> {
    const now = clock();
    const outcome = await db.transaction(async (tx) => {
      const holds = createHoldsRepository(tx);
      const seats = createHoldSeatsRepository(tx);
      const found = await holds.holdSharingShowtime(holdId);
      if (!found) throw holdNotFound(holdId);
      const { hold } = found;
      if (hold.status === 'confirmed') return { sold: false, hold };
      if (found.showtimeStatus === 'cancelled') {
        throw conflict('This showtime was cancelled; nothing was sold.', {
          reason: 'showtime_cancelled',
        });
      }
      // Neither released nor expired holds come back: no need to wait for the seats to say so.
      if (hold.status !== 'active') throw holdEnded(hold, now, 'nothing was sold');

      const sold = await seats.lockAndSellHoldSeats(holdId, now);
      if (sold.length !== hold.seatLabels.length) {
        // Another confirm won the race while we waited for the seats (answer as it did), or the
        // hold ended or ran out: then nothing is sold (the throw rolls back any partial sale).
        const current = await holds.find(holdId);
        if (!current) throw holdNotFound(holdId);
        if (current.status === 'confirmed') return { sold: false, hold: current };
        const ended =
          current.status === 'active' ? { ...current, status: 'expired' as const } : current;
        throw holdEnded(ended, now, 'nothing was sold');
      }
      const ended = await holds.end(holdId, {
        status: 'confirmed',
        endedAt: now,
        bookingRef: input.bookingRef,
      });
      if (!ended)
        throw conflict('This hold changed while it was being confirmed; please try again.');
      await holds
        .insertSales({
          showtimeId: hold.showtimeId,
          holdId,
          customerId: hold.customerId,
          labels: hold.seatLabels,
          soldAt: now,
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw conflict('A seat of this hold is already sold.');
          throw err;
        });
      await enqueueSeatEvent(tx, 'seat.sold.v1', {
        showtimeId: hold.showtimeId,
        holdId,
        customerId: hold.customerId,
        seats: hold.seatLabels,
        bookingRef: input.bookingRef ?? null,
      });
      return { sold: true, hold: ended };
    });
    if (outcome.sold) seatsCommitted(deps, [outcome.hold.showtimeId]);
    return confirmedResult(outcome.hold, input.bookingRef);
  };
}
