// Cancelling a confirmed booking, whole or some of its tickets: recorded in one transaction with
// its booking.cancelled event; the refund and the seats' return follow from that event
// (the follow-up consumer in messaging/booking-consumers.ts), so neither is lost if a process
// stops in between.
import type { Queryable } from '@marquee/kit/db';
import { conflict, invalidInput, notFound } from '@marquee/kit/errors';
import { createBookingsRepository, type BookingRow } from '../db/bookings.repository.ts';
import { ticketsOfBooking } from '../db/tickets.repository.ts';
import type { BookingDeps } from './booking-deps.ts';
import { enqueueBookingEvent } from './booking-events.ts';
import { FEE_BANDS, quoteCancellation } from './refund-policy.ts';
import type { Actor } from './bookings.service.ts';

export type CancelReason = 'customer' | 'showtime_cancelled' | 'admin';

export interface CancellationResult {
  booking: BookingRow;
  seats: string[];
  refund: number;
  fee: number;
}

/**
 * Cancels `seats` (all live tickets when omitted) of a confirmed booking inside `tx`, with the
 * fee the reason calls for; a customer is held to the cutoff and the fee bands.
 */
export async function cancelInTransaction(
  tx: Queryable,
  deps: Pick<BookingDeps, 'config' | 'tickets'>,
  input: { booking: BookingRow; seats?: string[]; reason: CancelReason; now: Date },
): Promise<CancellationResult> {
  const { booking, reason, now } = input;
  const repo = createBookingsRepository(tx);
  const live = (await repo.items(booking.id)).filter((item) => !item.cancelledAt);
  const wanted = input.seats
    ? input.seats.map((seat) => seat.toUpperCase())
    : live.map((item) => item.seat.toUpperCase());
  const chosen = live.filter((item) => wanted.includes(item.seat.toUpperCase()));
  const unknown = wanted.filter((seat) => !chosen.some((item) => item.seat.toUpperCase() === seat));
  if (unknown.length > 0) {
    throw invalidInput('Some of these seats have no live ticket in this booking.', [
      { field: 'body.seats', message: `no live ticket for ${unknown.join(', ')}` },
    ]);
  }
  if (chosen.length === 0) throw conflict('This booking has no live tickets left to cancel.');
  if (reason === 'customer') {
    const used = (await ticketsOfBooking(tx, booking.id)).filter(
      (ticket) => ticket.usedAt && chosen.some((item) => item.seat === ticket.seat),
    );
    if (used.length > 0) {
      throw conflict(
        `${used.map((t) => t.seat).join(', ')} ${used.length === 1 ? 'was' : 'were'} already used at the door and cannot be cancelled.`,
        { usedSeats: used.map((t) => t.seat) },
      );
    }
  }

  let feePercent = 0;
  if (reason === 'customer') {
    const total = chosen.reduce((sum, item) => sum + item.price, 0);
    const quote = quoteCancellation(
      total,
      booking.showtimeStartsAt,
      now,
      deps.config.CANCEL_CUTOFF_MINUTES,
    );
    if (!quote.allowed) {
      throw conflict(
        `Tickets can be cancelled until ${quote.cutoff.toISOString()}, ${deps.config.CANCEL_CUTOFF_MINUTES} minutes before the show.`,
        {
          cutoff: quote.cutoff.toISOString(),
        },
      );
    }
    feePercent = quote.feePercent;
  }
  const refunds = new Map(
    chosen.map((item) => [item.seat, item.price - Math.floor((item.price * feePercent) / 100)]),
  );
  const refund = [...refunds.values()].reduce((a, b) => a + b, 0);
  const fee = chosen.reduce((sum, item) => sum + item.price, 0) - refund;
  const seats = chosen.map((item) => item.seat);

  await repo.cancelItems(booking.id, seats, now, refunds);
  await deps.tickets.void(tx, booking.id, seats, now);
  const whole = chosen.length === live.length;
  const row =
    (whole
      ? await repo.move(
          booking.id,
          { status: booking.status },
          { status: 'cancelled', payStep: null, endedAt: now, updatedAt: now },
        )
      : await repo.move(booking.id, { status: booking.status }, { updatedAt: now })) ?? booking;
  await enqueueBookingEvent(
    tx,
    'booking.cancelled.v1',
    {
      bookingId: booking.id,
      customerId: booking.customerId,
      showtimeId: booking.showtimeId,
      seats,
      currency: booking.currency,
      refunded: booking.paidAmount > 0 ? refund : 0,
      fee,
      reason,
      whole,
    },
    now,
  );
  return { booking: row, seats, refund, fee };
}

export function createCancellationService(deps: BookingDeps) {
  return {
    FEE_BANDS,
    async cancel(actor: Actor, bookingId: string, seats?: string[]): Promise<CancellationResult> {
      const now = deps.clock();
      const result = await deps.db.transaction(async (tx) => {
        const booking = await createBookingsRepository(tx).lock(bookingId);
        const staff = actor.role === 'admin' || actor.role === 'staff';
        const mayCancel = booking && (booking.customerId === actor.userId || staff);
        if (!booking || !mayCancel) throw notFound(`There is no booking ${bookingId}.`);
        if (booking.status !== 'confirmed') {
          throw conflict(
            `This booking is ${booking.status.replace('_', ' ')}; only a confirmed booking can be cancelled.`,
            {
              bookingStatus: booking.status,
            },
          );
        }
        // Cinema staff and admins cancel without a fee or cutoff (e.g. a refund at the desk).
        const reason: CancelReason = staff ? 'admin' : 'customer';
        return cancelInTransaction(tx, deps, { booking, seats, reason, now });
      });
      deps.notifyOutbox();
      return result;
    },
  };
}
