// The two loops that keep bookings moving without a request: recovery resumes payments left in
// `paying` by a stopped process or a lost answer; expiry ends bookings whose hold ran out unpaid.
import type { Worker } from '@marquee/kit/runtime';
import { createBookingsRepository } from '../db/bookings.repository.ts';
import type { BookingDeps } from './booking-deps.ts';
import { enqueueBookingEvent } from './booking-events.ts';
import type { PaymentSaga } from './payment.saga.ts';

const BATCH = 50;

export function createBookingWorkers(
  deps: BookingDeps,
  saga: PaymentSaga,
  options: { intervalMs: number },
) {
  const { db, clock, logger } = deps;
  const repo = createBookingsRepository(db);

  /** One pass over stalled payments; returns how many bookings it looked at. */
  async function recover(): Promise<number> {
    const before = new Date(clock().getTime() - deps.config.RECOVERY_AFTER_SECONDS * 1000);
    const stalled = await repo.stalledPayments(before, BATCH);
    for (const booking of stalled) {
      try {
        if (booking.payStep === 'charging') await saga.resolveCharging(booking);
        else await saga.afterCharge(booking);
      } catch (err) {
        // Tried again on the next pass; nothing was lost, the step is still recorded.
        logger.warn({ err, bookingId: booking.id, step: booking.payStep }, 'recovery step failed');
      }
    }
    return stalled.length;
  }

  /** One pass over unpaid bookings past their hold; returns how many it ended. */
  async function expire(): Promise<number> {
    const now = clock();
    const due = await repo.expiredAwaitingPayment(now, BATCH);
    let ended = 0;
    for (const booking of due) {
      // The customer may have extended the hold themselves: the hold, not our copy, decides.
      const hold = await deps.showtimes.getHold(booking.holdId).catch((err: unknown) => {
        logger.warn({ err, bookingId: booking.id }, 'hold not read; expiry tried again later');
        return undefined;
      });
      if (!hold) continue;
      if (hold.ok && hold.value.status === 'active' && new Date(hold.value.expiresAt) > now) {
        await repo.move(
          booking.id,
          { status: 'awaiting_payment', payStep: null },
          { expiresAt: new Date(hold.value.expiresAt), updatedAt: now },
        );
        continue;
      }
      const row = await db.transaction(async (tx) => {
        const done = await createBookingsRepository(tx).move(
          booking.id,
          { status: 'awaiting_payment', payStep: null },
          { status: 'expired', endedAt: now, updatedAt: now },
        );
        if (done) {
          await enqueueBookingEvent(
            tx,
            'booking.expired.v1',
            { bookingId: done.id, customerId: done.customerId, showtimeId: done.showtimeId },
            now,
          );
        }
        return done;
      });
      if (!row) continue;
      ended += 1;
      // Its time has passed, so the seats are free already; releasing tidies the hold up.
      await deps.showtimes.releaseHold(row.holdId).catch((err: unknown) => {
        logger.debug({ err, holdId: row.holdId }, 'expired hold not released');
      });
    }
    if (ended > 0) deps.notifyOutbox();
    return ended;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    running = (async () => {
      try {
        await expire();
        await recover();
      } catch (err) {
        logger.warn({ err }, 'booking workers pass failed');
      }
    })().finally(() => {
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };

  const worker: Worker = {
    name: 'booking-recovery',
    start() {
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
  return { worker, recover, expire };
}
