// Events the booking service publishes (past tense, versioned); the same schemas validate what is
// published and what consumers receive.
import { z } from 'zod';

const base = {
  bookingId: z.uuid(),
  customerId: z.uuid(),
  showtimeId: z.uuid(),
};
const money = { currency: z.string().regex(/^[A-Z]{3}$/), amount: z.number().int().nonnegative() };

export const bookingEventSchemas = {
  'booking.created.v1': z.object({
    ...base,
    ...money,
    seats: z.array(z.string().min(1)).min(1),
    expiresAt: z.iso.datetime(),
  }),
  'booking.confirmed.v1': z.object({
    ...base,
    ...money,
    seats: z.array(z.string().min(1)).min(1),
    paymentId: z.uuid(),
    tickets: z.array(z.object({ ticketId: z.uuid(), seat: z.string() })),
  }),
  /** Whole or partial: `seats` were cancelled now, `refunded` of the money went back for them. */
  'booking.cancelled.v1': z.object({
    ...base,
    seats: z.array(z.string().min(1)),
    currency: z.string().regex(/^[A-Z]{3}$/),
    refunded: z.number().int().nonnegative(),
    fee: z.number().int().nonnegative(),
    reason: z.enum(['customer', 'showtime_cancelled', 'admin']),
    whole: z.boolean(),
  }),
  'booking.expired.v1': z.object({ ...base }),
  'booking.failed.v1': z.object({
    ...base,
    reason: z.string(),
    refunded: z.number().int().nonnegative(),
  }),
} as const;

export type BookingEventType = keyof typeof bookingEventSchemas;
export type BookingEventPayload<T extends BookingEventType> = z.output<
  (typeof bookingEventSchemas)[T]
>;
