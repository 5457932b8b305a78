// The booking database: bookings (the saga's durable state), their ticket lines, and tickets.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BookingStatus, PayStep, TicketType } from '../domain/booking-states.ts';

export { idempotencyKeys, outbox, processedEvents } from '@marquee/kit/tables';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull(),
    showtimeId: uuid('showtime_id').notNull(),
    holdId: uuid('hold_id').notNull(),
    status: text('status').$type<BookingStatus>().notNull(),
    /** Where a payment stands; recorded before each step is taken (docs/booking.md, "Saga"). */
    payStep: text('pay_step').$type<PayStep>(),
    /** Bumped per payment attempt; names the attempt's Idempotency-Key at payments. */
    paymentAttempt: integer('payment_attempt').notNull().default(0),
    paymentId: uuid('payment_id'),
    currency: text('currency').notNull(),
    totalAmount: integer('total_amount').notNull(),
    /** What payments captured for this booking, and what was refunded of it. */
    paidAmount: integer('paid_amount').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    /** The hold's expiry: a booking awaiting payment ends with it. */
    expiresAt: at('expires_at').notNull(),
    showtimeStartsAt: at('showtime_starts_at').notNull(),
    /** Set when the showtime was cancelled while this booking was being paid: cancel on confirm. */
    showtimeCancelledAt: at('showtime_cancelled_at'),
    failureReason: text('failure_reason'),
    lastPaymentError: text('last_payment_error'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    confirmedAt: at('confirmed_at'),
    endedAt: at('ended_at'),
  },
  (t) => [
    uniqueIndex('bookings_hold_unique').on(t.holdId),
    index('bookings_customer_created').on(t.customerId, t.createdAt),
    index('bookings_showtime').on(t.showtimeId),
    // The workers look only at bookings still in flight.
    index('bookings_in_flight')
      .on(t.status, t.updatedAt)
      .where(sql`status IN ('awaiting_payment', 'paying')`),
    check('bookings_amounts', sql`total_amount >= 0 AND refunded_amount <= paid_amount`),
  ],
);

export const bookingItems = pgTable(
  'booking_items',
  {
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id),
    seat: text('seat').notNull(),
    category: text('category').notNull(),
    ticketType: text('ticket_type').$type<TicketType>().notNull(),
    price: integer('price').notNull(),
    cancelledAt: at('cancelled_at'),
    refundedAmount: integer('refunded_amount').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.seat] })],
);

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id),
    showtimeId: uuid('showtime_id').notNull(),
    seat: text('seat').notNull(),
    ticketType: text('ticket_type').$type<TicketType>().notNull(),
    /** The signed code printed as the QR image; staff verify it offline with the public key. */
    code: text('code').notNull(),
    issuedAt: at('issued_at').notNull(),
    usedAt: at('used_at'),
    voidedAt: at('voided_at'),
  },
  (t) => [
    uniqueIndex('tickets_code_unique').on(t.code),
    uniqueIndex('tickets_booking_seat_unique').on(t.bookingId, t.seat),
    index('tickets_showtime').on(t.showtimeId),
  ],
);
