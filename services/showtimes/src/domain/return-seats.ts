// Returning sold seats of a confirmed hold (a booking cancelled or refunded, whole or in part):
// the seats go back on sale, their sales end and `seat.released.v1` says why, in one transaction.
// Lock order as everywhere (docs/holds.md): the hold's seats in (row_name, position) order, then
// the hold row; sale rows only after both.
import type { ShowtimeEventPayload } from '@marquee/contracts/showtime-events';
import { createHoldSeatsRepository } from '../db/hold-seats.repository.ts';
import { createHoldsRepository } from '../db/holds.repository.ts';
import { enqueueSeatEvent, seatsCommitted } from './hold-events.ts';
import { holdNotFound, notConfirmed, notInHold } from './hold-problems.ts';
import type { HoldsDeps } from './holds.service.ts';

export type ReturnReason = Extract<
  ShowtimeEventPayload<'seat.released.v1'>['reason'],
  'cancelled' | 'refunded'
>;

export interface ReturnSeatsInput {
  /** Seat labels (any case); every seat of the hold when omitted. */
  seats?: string[];
  reason: ReturnReason;
}

export interface ReturnedSeats {
  holdId: string;
  showtimeId: string;
  /** The seats this call asked for that are no longer sold under the hold (now or earlier). */
  returned: string[];
  /** Seats of the hold still sold under it. */
  stillSold: string[];
}

/**
 * The hold's spelling of the requested labels (matched without regard to case), or the labels
 * the hold does not have.
 */
function matchHoldSeats(
  holdLabels: readonly string[],
  requested: readonly string[] | undefined,
): { labels: string[]; unknown: string[] } {
  if (requested === undefined) return { labels: [...holdLabels], unknown: [] };
  const byUpper = new Map(holdLabels.map((label) => [label.toUpperCase(), label]));
  const labels = new Set<string>();
  const unknown = new Set<string>();
  for (const label of requested) {
    const own = byUpper.get(label.toUpperCase());
    if (own) labels.add(own);
    else unknown.add(label);
  }
  return { labels: [...labels], unknown: [...unknown] };
}

export function createReturnSeats(deps: HoldsDeps) {
  const { db, clock } = deps;

  return async function returnSeats(
    holdId: string,
    input: ReturnSeatsInput,
  ): Promise<ReturnedSeats> {
    const now = clock();
    const outcome = await db.transaction(async (tx) => {
      const seats = createHoldSeatsRepository(tx);
      const holds = createHoldsRepository(tx);
      // Seats returned before have no hold any more, so only those still sold are locked here.
      const locked = await seats.lockHoldSeats(holdId);
      const hold = await holds.lock(holdId);
      if (!hold) throw holdNotFound(holdId);
      if (hold.status !== 'confirmed') throw notConfirmed(hold, now);
      const { labels, unknown } = matchHoldSeats(hold.seatLabels, input.seats);
      if (unknown.length > 0) throw notInHold(unknown);

      const sold = new Set(
        locked.filter((seat) => seat.state === 'sold').map((seat) => seat.label),
      );
      const toReturn = hold.seatLabels.filter((label) => labels.includes(label) && sold.has(label));
      // A retry answers as the first call did: every seat named is returned once this commits.
      const result: ReturnedSeats = {
        holdId,
        showtimeId: hold.showtimeId,
        returned: hold.seatLabels.filter((label) => labels.includes(label)),
        stillSold: hold.seatLabels.filter((label) => sold.has(label) && !labels.includes(label)),
      };
      if (toReturn.length === 0) return { changed: false, result };

      const freed = await seats.returnSoldSeats(holdId, toReturn);
      const ended = await holds.releaseSales(holdId, toReturn, now);
      // Under the locks both must match what was read; otherwise the inventory is inconsistent
      // and changing it further would only hide that: roll back and let the 500 be seen.
      if (freed.length !== toReturn.length || ended.length !== toReturn.length) {
        throw new Error(
          `hold ${holdId}: returning ${toReturn.length} seats freed ${freed.length} and ended ${ended.length} sales`,
        );
      }
      await enqueueSeatEvent(tx, 'seat.released.v1', {
        showtimeId: hold.showtimeId,
        holdId,
        customerId: hold.customerId,
        seats: toReturn,
        reason: input.reason,
      });
      return { changed: true, result };
    });
    if (outcome.changed) seatsCommitted(deps, [outcome.result.showtimeId]);
    return outcome.result;
  };
}
