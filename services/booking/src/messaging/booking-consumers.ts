// What booking consumes: its own booking.cancelled events (to refund and return seats, retried by
// the bus with backoff, parked for an operator after the last try), showtime.cancelled (every
// booking of that showtime is cancelled and refunded in full) and showtime.rescheduled (the new
// start moves the cancellation cutoff). Each handler is idempotent: processed once per event id, effect and record
// committed together; calls to payments and showtimes carry keys that make repeats harmless.
import { bookingEventSchemas, type BookingEventPayload } from '@marquee/contracts/booking-events';
import { showtimeEventSchemas } from '@marquee/contracts/showtime-events';
import {
  PermanentMessageError,
  queueName,
  type EventBus,
  type Subscription,
} from '@marquee/kit/bus';
import { createIdempotentHandler } from '@marquee/kit/consumer';
import type { Queryable } from '@marquee/kit/db';
import type { Worker } from '@marquee/kit/runtime';
import { eq } from 'drizzle-orm';
import { createBookingsRepository } from '../db/bookings.repository.ts';
import { bookings } from '../db/schema.ts';
import type { BookingDeps } from '../domain/booking-deps.ts';
import { enqueueBookingEvent } from '../domain/booking-events.ts';
import { cancelInTransaction } from '../domain/cancellation.service.ts';

export const CANCELLATION_QUEUE = queueName('booking', 'cancellation-follow-up');
export const SHOWTIME_CANCELLED_QUEUE = queueName('booking', 'showtime-cancelled');
export const SHOWTIME_RESCHEDULED_QUEUE = queueName('booking', 'showtime-rescheduled');

function parse<T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T; error?: unknown } },
  payload: unknown,
): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new PermanentMessageError('payload does not match its contract');
  return result.data as T;
}

/** Refund what the cancellation promised and put the seats back on sale. */
async function followUpCancellation(
  tx: Queryable,
  deps: BookingDeps,
  eventId: string,
  event: BookingEventPayload<'booking.cancelled.v1'>,
) {
  const booking = await createBookingsRepository(tx).find(event.bookingId);
  if (!booking) throw new PermanentMessageError(`no booking ${event.bookingId}`);
  if (event.refunded > 0 && booking.paymentId) {
    const payment = await deps.payments.refund({
      paymentId: booking.paymentId,
      idempotencyKey: `booking:${booking.id}:cancel:${eventId}`,
      amount: event.refunded,
      reason: `cancelled (${event.reason}): ${event.seats.join(', ')}`,
    });
    await tx
      .update(bookings)
      .set({ refundedAmount: payment.refundedAmount, updatedAt: deps.clock() })
      .where(eq(bookings.id, booking.id));
  }
  // The seats are given back (on a cancelled showtime they stay unsellable: holds are refused),
  // so sold seats always equal live tickets. A booking that never paid sold nothing.
  if (booking.paymentId) {
    const returned = await deps.showtimes.returnSeats(
      booking.holdId,
      event.seats,
      event.reason === 'customer' ? 'refunded' : 'cancelled',
    );
    if (!returned.ok && returned.refusal.status !== 409) {
      throw new PermanentMessageError(
        `showtimes refused to return seats: ${returned.refusal.detail}`,
      );
    }
  }
}

/** Every booking of a cancelled showtime ends: paid ones are refunded in full. */
async function cancelShowtimeBookings(tx: Queryable, deps: BookingDeps, showtimeId: string) {
  const now = deps.clock();
  const repo = createBookingsRepository(tx);
  for (const booking of await repo.ofShowtime(showtimeId)) {
    const locked = await repo.lock(booking.id);
    if (!locked) continue;
    if (locked.status === 'confirmed') {
      await cancelInTransaction(tx, deps, { booking: locked, reason: 'showtime_cancelled', now });
    } else if (locked.status === 'awaiting_payment') {
      const done = await repo.move(
        locked.id,
        { status: 'awaiting_payment', payStep: null },
        { status: 'cancelled', endedAt: now, updatedAt: now },
      );
      if (done) {
        const seats = (await repo.items(locked.id)).map((item) => item.seat);
        await repo.cancelItems(locked.id, seats, now, new Map());
        await enqueueBookingEvent(
          tx,
          'booking.cancelled.v1',
          {
            bookingId: done.id,
            customerId: done.customerId,
            showtimeId,
            seats,
            currency: done.currency,
            refunded: 0,
            fee: 0,
            reason: 'showtime_cancelled',
            whole: true,
          },
          now,
        );
      }
    }
    if (locked.status === 'paying') {
      // Its confirmation may be under way: it is cancelled and refunded as soon as it confirms,
      // or refunded by the saga if showtimes refuses the confirmation.
      await repo.move(
        locked.id,
        { status: 'paying' },
        { showtimeCancelledAt: now, updatedAt: locked.updatedAt },
      );
    }
  }
}

export function createBookingConsumers(deps: BookingDeps, bus: EventBus): Worker {
  let subscriptions: Subscription[] = [];
  return {
    name: 'booking-consumers',
    async start() {
      subscriptions = [
        await bus.subscribe({
          queue: CANCELLATION_QUEUE,
          bindings: ['booking.cancelled.v1'],
          prefetch: 4,
          handler: createIdempotentHandler({
            db: deps.db,
            consumer: CANCELLATION_QUEUE,
            logger: deps.logger,
            handle: (tx, message) =>
              followUpCancellation(
                tx,
                deps,
                message.id,
                parse(bookingEventSchemas['booking.cancelled.v1'], message.payload),
              ),
          }),
        }),
        await bus.subscribe({
          queue: SHOWTIME_CANCELLED_QUEUE,
          bindings: ['showtime.cancelled.v1'],
          prefetch: 1,
          handler: createIdempotentHandler({
            db: deps.db,
            consumer: SHOWTIME_CANCELLED_QUEUE,
            logger: deps.logger,
            handle: async (tx, message) => {
              const event = parse<{ showtimeId: string }>(
                showtimeEventSchemas['showtime.cancelled.v1'],
                message.payload,
              );
              deps.showtimes.forgetShowtime(event.showtimeId);
              await cancelShowtimeBookings(tx, deps, event.showtimeId);
              deps.notifyOutbox();
            },
          }),
        }),
        await bus.subscribe({
          queue: SHOWTIME_RESCHEDULED_QUEUE,
          bindings: ['showtime.rescheduled.v1'],
          prefetch: 1,
          handler: createIdempotentHandler({
            db: deps.db,
            consumer: SHOWTIME_RESCHEDULED_QUEUE,
            logger: deps.logger,
            // The cancellation cutoff and fee bands follow the new start.
            handle: async (tx, message) => {
              const event = parse<{ showtimeId: string; startsAt: string }>(
                showtimeEventSchemas['showtime.rescheduled.v1'],
                message.payload,
              );
              deps.showtimes.forgetShowtime(event.showtimeId);
              await tx
                .update(bookings)
                .set({ showtimeStartsAt: new Date(event.startsAt) })
                .where(eq(bookings.showtimeId, event.showtimeId));
            },
          }),
        }),
      ];
    },
    async stop() {
      await Promise.all(subscriptions.map((s) => s.close()));
      subscriptions = [];
    },
  };
}
