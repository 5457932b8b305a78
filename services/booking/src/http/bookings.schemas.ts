// Booking requests and responses as zod schemas (validation and the OpenAPI description).
import { cardInputSchema } from '@marquee/contracts/payments';
import { TICKET_TYPES } from '@marquee/contracts/prices';
import { pageOf, pagingQuery } from '@marquee/kit/http';
import { z } from 'zod';
import { BOOKING_STATUSES, PAY_STEPS } from '../domain/booking-states.ts';

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const createBookingBody = z.strictObject({
  holdId: z.uuid('must be the id of your hold'),
  tickets: z
    .array(
      z.strictObject({
        seat: z.string().trim().min(1, 'must name a seat').max(8, 'is not a seat label'),
        ticketType: z.enum(TICKET_TYPES, { error: `must be one of ${TICKET_TYPES.join(', ')}` }),
      }),
    )
    .min(1, 'must have one ticket per held seat')
    .max(100),
});

export const payBookingBody = z.strictObject({ card: cardInputSchema });

export const cancelBookingBody = z
  .strictObject({
    /** Only these tickets (seat labels); all live tickets when omitted. */
    seats: z.array(z.string().trim().min(1).max(8)).min(1).max(100).optional(),
  })
  .optional();

export const listBookingsQuery = z.strictObject({
  ...pagingQuery,
  status: z.enum(BOOKING_STATUSES).optional(),
  showtimeId: z.uuid('must be a UUID').optional(),
  /** Admins only; a customer always sees their own. */
  customerId: z.uuid('must be a UUID').optional(),
});

export const bookingSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  showtimeId: z.uuid(),
  holdId: z.uuid(),
  status: z.enum(BOOKING_STATUSES),
  payStep: z.enum(PAY_STEPS).nullable(),
  currency: z.string(),
  totalAmount: z.number().int(),
  paidAmount: z.number().int(),
  refundedAmount: z.number().int(),
  paymentId: z.uuid().nullable(),
  expiresAt: z.iso.datetime(),
  showtimeStartsAt: z.iso.datetime(),
  failureReason: z.string().nullable(),
  lastPaymentError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  confirmedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  tickets: z.array(
    z.object({
      seat: z.string(),
      category: z.string(),
      ticketType: z.enum(TICKET_TYPES),
      price: z.number().int(),
      cancelledAt: z.iso.datetime().nullable(),
      refundedAmount: z.number().int(),
      ticketId: z.uuid().nullable(),
      code: z.string().nullable(),
      usedAt: z.iso.datetime().nullable(),
    }),
  ),
});

export const bookingPageSchema = pageOf(bookingSchema);

export const cancellationSchema = z.object({
  booking: bookingSchema,
  cancelledSeats: z.array(z.string()),
  refund: z.number().int(),
  fee: z.number().int(),
});
