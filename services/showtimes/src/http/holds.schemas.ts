// Hold requests and responses as zod schemas (validation and the OpenAPI description).
import { problemSchema as baseProblemSchema } from '@marquee/kit/http';
import { SeatCategory } from '@marquee/contracts/layouts';
import { z } from 'zod';
import { HOLD_RULES } from '../domain/seat-rules.ts';

export const idParams = z.object({ id: z.uuid('must be a UUID') });

/** Either the seats themselves, or how many side-by-side seats the service should choose. */
export const holdRequestBody = z
  .object({
    seats: z
      .array(z.string().trim().min(1, 'must not be empty').max(8, 'is not a seat label'))
      .min(1, 'must name at least one seat')
      .max(100, 'must name at most 100 seats')
      .optional(),
    quantity: z
      .number({ error: 'must be a number of seats' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .optional(),
    category: SeatCategory.optional(),
    /** The customer the hold is for: required from a service, refused from a customer. */
    customerId: z.uuid('must be a UUID').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.seats === undefined && body.quantity === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['seats'],
        message: 'is required: name the seats, or give `quantity` for the best available',
      });
    }
    if (body.seats !== undefined && body.quantity !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        message: 'must not be given with `seats`: either name the seats or ask for a quantity',
      });
    }
    if (body.category !== undefined && body.quantity === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: 'only goes with `quantity` (best available)',
      });
    }
  });

export const confirmHoldBody = z
  .object({
    /** The booking that bought the seats, kept on the hold and sent with `seat.sold.v1`. */
    bookingRef: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  })
  .strict();

export const RETURN_REASONS = ['cancelled', 'refunded'] as const;

export const returnSeatsBody = z
  .object({
    /** Seats of the hold to give back; every seat of the hold still sold when omitted. */
    seats: z
      .array(z.string().trim().min(1, 'must not be empty').max(8, 'is not a seat label'))
      .min(1, 'must name at least one seat, or be left out to return them all')
      .max(100, 'must name at most 100 seats')
      .optional(),
    reason: z.enum(RETURN_REASONS, { error: "must be 'cancelled' or 'refunded'" }),
  })
  .strict();

export const returnedSeatsSchema = z.object({
  holdId: z.uuid(),
  showtimeId: z.uuid(),
  /** The seats this call named (all of the hold's by default), returned now or before. */
  returned: z.array(z.string()),
  /** The hold's seats still sold under it. */
  stillSold: z.array(z.string()),
});

export const newHoldSchema = z.object({
  holdId: z.uuid(),
  showtimeId: z.uuid(),
  seats: z.array(z.string()),
  expiresAt: z.iso.datetime(),
});

export const holdSchema = z.object({
  holdId: z.uuid(),
  showtimeId: z.uuid(),
  customerId: z.uuid(),
  seats: z.array(z.string()),
  status: z.enum(['active', 'released', 'expired', 'confirmed']),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  extensions: z.number().int(),
  extensionsLeft: z.number().int(),
  endedAt: z.iso.datetime().nullable(),
  bookingRef: z.string().nullable(),
  /** Each seat's category by label (booking prices tickets from it). */
  seatCategories: z.record(z.string(), SeatCategory),
});

export const extendedHoldSchema = z.object({
  holdId: z.uuid(),
  expiresAt: z.iso.datetime(),
  extensionsLeft: z.number().int(),
});

export const confirmedHoldSchema = z.object({
  holdId: z.uuid(),
  showtimeId: z.uuid(),
  customerId: z.uuid(),
  seats: z.array(z.string()),
  soldAt: z.iso.datetime(),
  bookingRef: z.string().nullable(),
});

const violationSchema = z.object({
  rule: z.enum(HOLD_RULES),
  seats: z.array(z.string()),
  message: z.string(),
});

export const problemSchema = baseProblemSchema.extend({
  /** 409 on a hold request: the seats someone else has. */
  unavailable: z.array(z.string()).optional(),
  /** 409/422 on a hold request: every rule the request breaks. */
  violations: z.array(violationSchema).optional(),
  /** Why a showtime or an extension refused, in a word a program can test. */
  reason: z.string().optional(),
  /** 409 on a hold that ended: how it ended. */
  holdStatus: z.string().optional(),
  /** 422 on a return: the seats named that the hold does not have. */
  seats: z.array(z.string()).optional(),
});
