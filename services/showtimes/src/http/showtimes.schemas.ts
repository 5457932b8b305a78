// Schedule and seat-map requests and responses as zod schemas: validated at the edge of the
// service and described in its OpenAPI document.
import { SeatCategory } from '@marquee/contracts/layouts';
import { priceTableSchema } from '@marquee/contracts/prices';
import { pageOf, pagingQuery } from '@marquee/kit/http';
import { z } from 'zod';

const uuid = z.uuid('must be a UUID');
const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone offset' })
  .transform((value) => new Date(value));

export const showtimeIdParams = z.object({ id: uuid });

const definitionFields = {
  movieId: uuid,
  theaterId: uuid,
  screenId: uuid,
  /** When the showtime begins (trailers first); it ends after the film and the cleaning. */
  startsAt: instant,
  priceTable: priceTableSchema,
  salesOpenAt: instant.optional(),
  salesCloseAt: instant.optional(),
  /** A layout version of the screen; by default the current one (kept on later updates). */
  layoutVersion: z.number().int('must be a whole number').min(1).optional(),
};

export const createShowtimeBody = z.strictObject({ ...definitionFields, id: uuid.optional() });
export const putShowtimeBody = z.strictObject(definitionFields);

export const rescheduleBody = z
  .strictObject({
    startsAt: instant.optional(),
    salesOpenAt: instant.optional(),
    salesCloseAt: instant.optional(),
    priceTable: priceTableSchema.optional(),
  })
  .refine(
    (body) => Object.values(body).some((v) => v !== undefined),
    'must change at least one field',
  );

const DATE_MESSAGE = 'must be a date as YYYY-MM-DD';
export const showtimeQuery = z.object({
  movieId: uuid.optional(),
  theaterId: uuid.optional(),
  /** A local date in each theater's time zone. */
  date: z.iso.date(DATE_MESSAGE).optional(),
  status: z.enum(['scheduled', 'cancelled', 'all']).default('scheduled'),
  ...pagingQuery,
});

const countsSchema = z.object({
  total: z.number().int(),
  available: z.number().int(),
  held: z.number().int(),
  sold: z.number().int(),
  blocked: z.number().int(),
});

export const showtimeSchema = z.object({
  id: z.uuid(),
  movieId: z.uuid(),
  movieTitle: z.string(),
  runtimeMinutes: z.number().int(),
  theaterId: z.uuid(),
  screenId: z.uuid(),
  layoutVersion: z.number().int(),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  local: z.object({ date: z.string(), time: z.string() }),
  priceTable: priceTableSchema,
  salesOpenAt: z.string(),
  salesCloseAt: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: countsSchema,
});

export const showtimePageSchema = pageOf(showtimeSchema);

export const seatMapSchema = z.object({
  showtimeId: z.uuid(),
  version: z.number().int(),
  currency: z.string(),
  seats: z.array(
    z.object({
      label: z.string(),
      row: z.string(),
      position: z.number().int(),
      category: SeatCategory,
      state: z.enum(['available', 'held', 'sold', 'blocked']),
      prices: z.object({
        adult: z.number().int(),
        child: z.number().int(),
        senior: z.number().int(),
      }),
    }),
  ),
});

export { problemSchema } from '@marquee/kit/http';
