// Events the showtimes service publishes (past tense, versioned); the same schemas validate what
// is published and what consumers receive.
import { z } from 'zod';

const base = { showtimeId: z.uuid() };
const seatChange = {
  ...base,
  holdId: z.uuid(),
  customerId: z.uuid(),
  seats: z.array(z.string().min(1)).min(1),
};

export const showtimeEventSchemas = {
  'showtime.scheduled.v1': z.object({
    ...base,
    movieId: z.uuid(),
    theaterId: z.uuid(),
    screenId: z.uuid(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    capacity: z.number().int().positive(),
  }),
  'showtime.rescheduled.v1': z.object({
    ...base,
    previousStartsAt: z.iso.datetime(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
  }),
  'showtime.cancelled.v1': z.object({ ...base, cancelledAt: z.iso.datetime() }),
  'seat.held.v1': z.object({ ...seatChange, expiresAt: z.iso.datetime() }),
  'seat.released.v1': z.object({
    ...seatChange,
    reason: z.enum(['released', 'expired', 'cancelled', 'refunded']),
  }),
  'seat.sold.v1': z.object({ ...seatChange, bookingRef: z.string().nullable() }),
} as const;

export type ShowtimeEventType = keyof typeof showtimeEventSchemas;
export type ShowtimeEventPayload<T extends ShowtimeEventType> = z.output<
  (typeof showtimeEventSchemas)[T]
>;
