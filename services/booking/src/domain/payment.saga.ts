// Paying for a booking: a saga whose every step is recorded before it is taken, so a process
// killed at any point resumes (recovery worker) or compensates, never both, never neither.
//   awaiting_payment --(record charging)--> paying/charging --(charge)--> paying/charged
//   paying/charged --(confirm seats)--> confirmed      (or re-take the seats if the hold ran out)
//   paying/charged --(seats gone)--> paying/refunding --(refund)--> failed
//   paying/charging --(declined)--> awaiting_payment   (another card may be tried)
import type { CardInput } from '@marquee/contracts/payments';
import { AppError, conflict } from '@marquee/kit/errors';
import {
  createBookingsRepository,
  type BookingItemRow,
  type BookingRow,
} from '../db/bookings.repository.ts';
import type { TicketRow } from '../db/tickets.repository.ts';
import type { BookingDeps } from './booking-deps.ts';
import { enqueueBookingEvent } from './booking-events.ts';
import { cancelInTransaction } from './cancellation.service.ts';

/**
 * Where a step left the booking; `lines` when it was just confirmed here, so the answer needs no
 * second read of what this transaction wrote.
 */
export interface Settled {
  booking: BookingRow;
  lines?: { items: BookingItemRow[]; tickets: TicketRow[] };
}

export const paymentReference = (bookingId: string) => `booking:${bookingId}`;
const chargeKey = (b: BookingRow) => `booking:${b.id}:charge:${b.paymentAttempt}`;
const failureRefundKey = (b: BookingRow) => `booking:${b.id}:refund-failed`;

/** What the pay request answers: the booking, or why the card was not charged. */
export type PayResult =
  | ({ kind: 'confirmed' | 'failed' | 'pending' } & Settled)
  | { kind: 'declined'; status: number; code: string; detail: string; problem?: unknown };

export function createPaymentSaga(deps: BookingDeps) {
  const { db, clock, logger } = deps;
  const repo = createBookingsRepository(db);

  async function moved(row: BookingRow | undefined, what: string): Promise<BookingRow> {
    if (!row) throw conflict(`This booking changed while ${what}; please look at it again.`);
    return row;
  }

  /** Seats are ours: tickets, confirmed, booking.confirmed, in one transaction. */
  async function confirmBooking(booking: BookingRow, holdId: string): Promise<Settled> {
    const now = clock();
    const settled = await db.transaction(async (tx): Promise<Settled | undefined> => {
      const r = createBookingsRepository(tx);
      // The conditional move is the lock: of a request and the recovery worker, one confirms.
      const done = await r.move(
        booking.id,
        { status: 'paying', payStep: 'charged' },
        { status: 'confirmed', payStep: null, holdId, confirmedAt: now, updatedAt: now },
      );
      if (!done) {
        const current = await r.find(booking.id);
        return current && { booking: current };
      }
      const items = await r.items(booking.id);
      const issued = await deps.tickets.issue(tx, {
        bookingId: booking.id,
        showtimeId: booking.showtimeId,
        items: items.map((i) => ({ seat: i.seat, ticketType: i.ticketType })),
        now,
      });
      await enqueueBookingEvent(
        tx,
        'booking.confirmed.v1',
        {
          bookingId: booking.id,
          customerId: booking.customerId,
          showtimeId: booking.showtimeId,
          currency: booking.currency,
          amount: booking.paidAmount,
          seats: items.map((i) => i.seat),
          paymentId: booking.paymentId!,
          tickets: issued.map((t) => ({ ticketId: t.id, seat: t.seat })),
        },
        now,
      );
      // The showtime was cancelled while this booking was being paid: its seats are sold now, so
      // it is cancelled and refunded in full like every other booking of that showtime.
      if (done.showtimeCancelledAt) {
        return {
          booking: (
            await cancelInTransaction(tx, deps, {
              booking: done,
              reason: 'showtime_cancelled',
              now,
            })
          ).booking,
        };
      }
      return { booking: done, lines: { items, tickets: issued } };
    });
    deps.notifyOutbox();
    return { ...settled, booking: await moved(settled?.booking, 'confirming') };
  }

  /** The seats could not be had: the money goes back and the booking ends failed. */
  async function refundAndFail(booking: BookingRow, reason: string): Promise<BookingRow> {
    let current = booking;
    if (current.payStep === 'charged') {
      current = await moved(
        await repo.move(
          current.id,
          { status: 'paying', payStep: 'charged' },
          { payStep: 'refunding', failureReason: reason, updatedAt: clock() },
        ),
        'refunding',
      );
    }
    const payment = await deps.payments.refund({
      paymentId: current.paymentId!,
      idempotencyKey: failureRefundKey(current),
      reason: `booking failed: ${current.failureReason ?? reason}`,
    });
    const now = clock();
    const row = await db.transaction(async (tx) => {
      const done = await createBookingsRepository(tx).move(
        current.id,
        { status: 'paying', payStep: 'refunding' },
        {
          status: 'failed',
          payStep: null,
          refundedAmount: payment.refundedAmount,
          endedAt: now,
          updatedAt: now,
        },
      );
      if (done) {
        await enqueueBookingEvent(
          tx,
          'booking.failed.v1',
          {
            bookingId: done.id,
            customerId: done.customerId,
            showtimeId: done.showtimeId,
            reason: done.failureReason ?? reason,
            refunded: payment.refundedAmount,
          },
          now,
        );
      }
      return done;
    });
    deps.notifyOutbox();
    // The hold may still be live (e.g. a cancelled showtime ended it, or not): let it go.
    await deps.showtimes.releaseHold(current.holdId).catch(() => undefined);
    return moved(row, 'failing');
  }

  const failed = async (booking: BookingRow, reason: string): Promise<Settled> => ({
    booking: await refundAndFail(booking, reason),
  });

  /**
   * From money taken to seats sold: confirm the hold; if it ran out unsold, take the same seats
   * again for the customer and confirm that; if the seats are gone, refund.
   */
  async function afterCharge(booking: BookingRow): Promise<Settled> {
    if (booking.payStep === 'refunding') return failed(booking, booking.failureReason ?? '');
    const confirmed = await deps.showtimes.confirmHold(booking.holdId, booking.id);
    if (confirmed.ok) return confirmBooking(booking, booking.holdId);
    const refusal = confirmed.refusal;
    if (refusal.holdStatus === 'expired') {
      const items = await repo.items(booking.id);
      const again = await deps.showtimes.holdOnBehalf(
        booking.showtimeId,
        booking.customerId,
        items.map((i) => i.seat),
      );
      if (again.ok) {
        // Recorded before it is confirmed: a crash from here on resumes with the new hold.
        const retaken = await moved(
          await repo.move(
            booking.id,
            { status: 'paying', payStep: 'charged' },
            { holdId: again.value.holdId, updatedAt: clock() },
          ),
          're-taking the seats',
        );
        const second = await deps.showtimes.confirmHold(retaken.holdId, booking.id);
        if (second.ok) return confirmBooking(retaken, retaken.holdId);
        return failed(retaken, second.refusal.detail);
      }
      return failed(booking, 'The hold ran out and the seats were taken by then.');
    }
    return failed(booking, refusal.detail);
  }

  /**
   * A charge whose answer was lost (crash, time-out): payments knows. A succeeded payment for
   * this booking carries on; one still processing waits; none means the charge never happened.
   */
  async function resolveCharging(booking: BookingRow): Promise<Settled> {
    const payments = await deps.payments.findByReference(paymentReference(booking.id));
    const succeeded = payments.find((p) => p.status === 'succeeded');
    if (succeeded) {
      const row = await repo.move(
        booking.id,
        { status: 'paying', payStep: 'charging' },
        {
          payStep: 'charged',
          paymentId: succeeded.id,
          paidAmount: succeeded.capturedAmount,
          updatedAt: clock(),
        },
      );
      return afterCharge(await moved(row, 'recovering'));
    }
    if (payments.some((p) => p.status === 'processing')) return { booking };
    const row = await repo.move(
      booking.id,
      { status: 'paying', payStep: 'charging' },
      {
        status: 'awaiting_payment',
        payStep: null,
        lastPaymentError: 'interrupted',
        updatedAt: clock(),
      },
    );
    return { booking: await moved(row, 'recovering') };
  }

  /**
   * The hold should outlive the payment: one that runs out within PAY_HOLD_MIN_SECONDS is
   * extended first (a longer one is left alone). When no extension is left, the saga still copes:
   * it re-takes the seats after the charge, or refunds.
   */
  async function holdCoveringPayment(booking: BookingRow, now: Date): Promise<Date> {
    const margin = deps.config.PAY_HOLD_MIN_SECONDS * 1000;
    if (booking.expiresAt.getTime() - now.getTime() > margin) return booking.expiresAt;
    const extended = await deps.showtimes.extendHold(booking.holdId);
    if (extended.ok) return new Date(extended.value.expiresAt);
    const { holdStatus } = extended.refusal;
    if (['released', 'expired', 'confirmed'].includes(holdStatus ?? '')) {
      throw conflict(
        `The seats of this booking are no longer held (${holdStatus}); please book again.`,
        { holdStatus },
      );
    }
    return booking.expiresAt;
  }

  return {
    afterCharge,
    resolveCharging,

    /** One payment attempt, from a booking awaiting payment. */
    async pay(booking: BookingRow, card: CardInput): Promise<PayResult> {
      const now = clock();
      if (booking.status !== 'awaiting_payment') {
        throw conflict(
          booking.status === 'paying'
            ? 'This booking is being paid already.'
            : `This booking is ${booking.status.replace('_', ' ')}; it cannot be paid.`,
          { bookingStatus: booking.status },
        );
      }
      if (booking.expiresAt <= now) {
        throw conflict('This booking has expired; please hold the seats again.', {
          bookingStatus: 'expired',
        });
      }
      const expiresAt = await holdCoveringPayment(booking, now);

      const charging = await moved(
        await repo.move(
          booking.id,
          { status: 'awaiting_payment', payStep: null },
          {
            status: 'paying',
            payStep: 'charging',
            paymentAttempt: booking.paymentAttempt + 1,
            expiresAt,
            lastPaymentError: null,
            updatedAt: now,
          },
        ),
        'paying',
      );
      let outcome;
      try {
        outcome = await deps.payments.charge({
          idempotencyKey: chargeKey(charging),
          amount: charging.totalAmount,
          currency: charging.currency,
          reference: paymentReference(charging.id),
          description: `Marquee booking ${charging.id}`,
          card,
        });
      } catch (err) {
        // Unknown outcome: stay in `charging`; recovery asks payments what happened.
        logger.warn(
          { err, bookingId: charging.id },
          'charge outcome unknown; recovery will settle it',
        );
        return { kind: 'pending', booking: charging };
      }
      if (outcome.kind !== 'succeeded') {
        const detail = outcome.kind === 'invalid' ? 'invalid card' : outcome.detail;
        await repo.move(
          charging.id,
          { status: 'paying', payStep: 'charging' },
          {
            status: 'awaiting_payment',
            payStep: null,
            lastPaymentError: detail,
            updatedAt: clock(),
          },
        );
        if (outcome.kind === 'invalid') {
          return {
            kind: 'declined',
            status: 400,
            code: 'invalid_card',
            detail: 'The card details are not valid.',
            problem: outcome.problem,
          };
        }
        return {
          kind: 'declined',
          status: outcome.kind === 'declined' ? 402 : 502,
          code: outcome.kind === 'declined' ? outcome.code : 'processing_error',
          detail: outcome.detail,
        };
      }
      const chargedRow = await repo.move(
        charging.id,
        { status: 'paying', payStep: 'charging' },
        {
          payStep: 'charged',
          paymentId: outcome.payment.id,
          paidAmount: outcome.payment.capturedAmount,
          updatedAt: clock(),
        },
      );
      if (!chargedRow) {
        // Recovery judged this charge lost and moved the booking on before the answer came: the
        // money must not stay without a step that accounts for it.
        await deps.payments.refund({
          paymentId: outcome.payment.id,
          idempotencyKey: `${chargeKey(charging)}:orphan`,
          reason: 'charge answered after the booking had moved on',
        });
        throw conflict('This booking changed while it was being paid; the charge was refunded.');
      }
      const charged = chargedRow;
      try {
        const done = await afterCharge(charged);
        const { status } = done.booking;
        return {
          ...done,
          kind: status === 'confirmed' ? 'confirmed' : status === 'failed' ? 'failed' : 'pending',
        };
      } catch (err) {
        if (err instanceof AppError && err.kind === 'unavailable') {
          logger.warn(
            { err, bookingId: charged.id },
            'seats not confirmed yet; recovery will finish',
          );
          return { kind: 'pending', booking: (await repo.find(charged.id)) ?? charged };
        }
        throw err;
      }
    },
  };
}

export type PaymentSaga = ReturnType<typeof createPaymentSaga>;
