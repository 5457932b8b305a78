// Taking a hold: one transaction that locks only the seat rows the request touches, judges the
// rules on that locked picture, and takes every requested seat or none (docs/holds.md).
import { randomUUID } from 'node:crypto';
import { isLockNotAvailable, type Queryable } from '@marquee/kit/db';
import { createHoldPathRepository, type LockedSeat } from '../db/hold-path.repository.ts';
import { createHoldSeatsRepository } from '../db/hold-seats.repository.ts';
import { createHoldsRepository } from '../db/holds.repository.ts';
import { enqueueReleased, groupByHold, prepareSeatEvent, seatsCommitted } from './hold-events.ts';
import { assertOnSale, refusal, seatsBusy, seatsGone } from './hold-problems.ts';
import type { HoldsDeps } from './holds.service.ts';
import {
  checkHoldRequest,
  matchRequestedSeats,
  resolveSeatState,
  type SeatSnapshot,
} from './seat-rules.ts';

export interface HoldRequestInput {
  showtimeId: string;
  customerId: string;
  /** Seat labels as the customer chose them (matched without regard to case). */
  seats: string[];
  /**
   * Refuse at once (409, `reason: 'seats_busy'`) instead of waiting while another take has these
   * rows locked: best available then turns to another row rather than queue behind this one.
   */
  noWait?: boolean;
}

export interface NewHold {
  holdId: string;
  showtimeId: string;
  /** Layout labels, in the order asked for. */
  seats: string[];
  expiresAt: string;
}

function toSnapshot(seat: LockedSeat, now: Date): SeatSnapshot {
  const state = resolveSeatState(seat.state, seat.heldUntil, now);
  return {
    label: seat.label,
    row: seat.rowName,
    position: seat.position,
    category: seat.category,
    state,
    // A hold that ran out no longer makes its customer the holder of anything.
    ...(state === 'held' || state === 'sold' ? { holderId: seat.holderId ?? undefined } : {}),
  };
}

/**
 * The seats the rules see: the locked rows, plus (only when a companion seat is asked for, whose
 * rule looks at the whole showtime) the other rows as last committed, without locking them.
 */
async function rulesSnapshot(
  tx: Queryable,
  showtimeId: string,
  rowNames: string[],
  locked: LockedSeat[],
  labels: string[],
  now: Date,
): Promise<SeatSnapshot[]> {
  const lockedSnapshot = locked.map((seat) => toSnapshot(seat, now));
  const wanted = matchRequestedSeats(lockedSnapshot, labels).seats;
  if (!wanted.some((seat) => seat.category === 'companion')) return lockedSnapshot;
  const others = await createHoldSeatsRepository(tx).seatsOutsideRows(showtimeId, rowNames);
  return [...lockedSnapshot, ...others.map((seat) => toSnapshot(seat, now))];
}

export function createTakeHold(deps: HoldsDeps) {
  const { config, clock } = deps;
  const limits = {
    maxSeatsPerHold: config.MAX_SEATS_PER_HOLD,
    maxSeatsPerCustomer: config.MAX_SEATS_PER_CUSTOMER,
  };

  return async function takeHold(input: HoldRequestInput): Promise<NewHold> {
    const { showtimeId, customerId } = input;
    const now = clock();
    const holdId = randomUUID();
    const expiresAt = new Date(now.getTime() + config.HOLD_TTL_SECONDS * 1000);

    const hold = await deps.db.transaction(async (tx) => {
      // A statement refused under NOWAIT has aborted the transaction: it rolls back as a 409.
      const path = createHoldPathRepository(tx);
      assertOnSale(
        await path.lockCustomerAndShareShowtime(showtimeId, customerId),
        showtimeId,
        now,
      );

      const rows = await path
        .lockRowsAndCountCustomer({
          showtimeId,
          customerId,
          labels: input.seats,
          now,
          noWait: input.noWait,
        })
        .catch((err: unknown) => {
          throw isLockNotAvailable(err) ? seatsBusy() : err;
        });
      const locked = rows.seats;
      // Nothing locked (no label names a seat): the count still belongs in the answer.
      const already =
        rows.customerSeats ?? (await path.countCustomerSeats(showtimeId, customerId, now));
      const rowNames = [...new Set(locked.map((seat) => seat.rowName))];
      const snapshot = await rulesSnapshot(tx, showtimeId, rowNames, locked, input.seats, now);
      const violations = checkHoldRequest(
        snapshot,
        { customerId, labels: input.seats },
        limits,
        already,
      );
      if (violations.length > 0) throw refusal(violations);

      const labels = matchRequestedSeats(snapshot, input.seats).seats.map((seat) => seat.label);

      // Seats taken over from holds that ran out but were not swept yet: those holds end now,
      // and their seats are announced as released before they are announced as held again. The
      // seats are locked already, so the take below changes exactly these; if it fell short
      // anyway, the rollback undoes this too.
      const takenOver = locked.filter(
        (seat) => seat.state === 'held' && seat.holdId && labels.includes(seat.label),
      );
      const released = groupByHold(
        takenOver.map((seat) => ({
          showtimeId,
          label: seat.label,
          holdId: seat.holdId as string,
          holderId: seat.holderId as string,
        })),
      );
      await createHoldsRepository(tx).markExpired(released.map((group) => group.holdId));
      for (const group of released) await enqueueReleased(tx, group, 'expired');

      const taken = await path.takeSeatsForHold({
        showtimeId,
        labels,
        holdId,
        customerId,
        now,
        expiresAt,
        event: prepareSeatEvent('seat.held.v1', {
          showtimeId,
          holdId,
          customerId,
          seats: labels,
          expiresAt: expiresAt.toISOString(),
        }),
      });
      if (taken.length !== labels.length) {
        throw seatsGone(labels.filter((label) => !taken.includes(label)));
      }
      return { holdId, showtimeId, seats: labels, expiresAt: expiresAt.toISOString() };
    });
    seatsCommitted(deps, [showtimeId]);
    return hold;
  };
}
