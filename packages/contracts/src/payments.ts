// The payments service's HTTP contract: request and response bodies, problem codes and headers,
// shared by payments (which validates with them) and its callers (booking, admin tools).
import { z } from 'zod';

/** Header every charge and refund must carry (1–255 characters), scoped to the calling principal. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to `true` on an answer that repeats the first result for the same key and body. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters');

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'other'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/**
 * `processing` is only ever seen by GET/list while the processor is being asked (or by a payment a
 * stopped process left behind, until recovery completes it); POST never answers with it.
 */
export const PAYMENT_STATUSES = ['processing', 'succeeded', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Why a payment failed: the first two are declines (402), the last a processor failure (502). */
export const PAYMENT_FAILURE_CODES = [
  'card_declined',
  'insufficient_funds',
  'processing_error',
] as const;
export type PaymentFailureCode = (typeof PAYMENT_FAILURE_CODES)[number];

/** The `code` member of every problem document payments answers with beyond plain validation. */
export const PAYMENT_PROBLEM_CODES = [
  ...PAYMENT_FAILURE_CODES,
  'idempotency_in_progress',
  'idempotency_key_reused',
  'refund_exceeds_captured',
  'payment_not_refundable',
] as const;
export type PaymentProblemCode = (typeof PAYMENT_PROBLEM_CODES)[number];

const minorUnits = z
  .number({ error: 'must be an amount in minor units (e.g. cents)' })
  .int('must be a whole number of minor units')
  .positive('must be greater than zero')
  .max(100_000_000, 'must be at most 100,000,000');

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR');

/**
 * Card data as sent. Only the shape is checked here; the Luhn check, expiry (against the payments
 * service's clock) and the CVC length for the brand are checked by payments, each naming its field.
 */
export const cardInputSchema = z.strictObject({
  /** Digits; spaces are allowed and ignored. */
  number: z
    .string({ error: 'must be a card number' })
    .regex(/^[0-9 ]+$/, 'must contain only digits and spaces')
    .refine((v) => {
      const digits = v.replace(/ /g, '').length;
      return digits >= 12 && digits <= 19;
    }, 'must have 12 to 19 digits'),
  expMonth: z
    .number({ error: 'must be a month number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 12')
    .max(12, 'must be between 1 and 12'),
  expYear: z
    .number({ error: 'must be a four-digit year' })
    .int('must be a whole number')
    .min(1000, 'must be a four-digit year')
    .max(9999, 'must be a four-digit year'),
  cvc: z
    .string({ error: 'must be a card security code' })
    .regex(/^[0-9]{3,4}$/, 'must be 3 or 4 digits'),
});
export type CardInput = z.output<typeof cardInputSchema>;

/** `POST /api/payments`: authorise and capture at once. */
export const createPaymentRequestSchema = z.strictObject({
  amount: minorUnits,
  currency,
  /** The caller's reference for what is paid, e.g. `booking:<uuid>`; payments can be listed by it. */
  reference: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(500, 'must be at most 500 characters').optional(),
  card: cardInputSchema,
});
export type CreatePaymentRequest = z.output<typeof createPaymentRequestSchema>;

/** `POST /api/payments/{id}/refunds`: without an amount, everything not yet refunded. */
export const createRefundRequestSchema = z.strictObject({
  amount: minorUnits.optional(),
  reason: z.string().max(500, 'must be at most 500 characters').optional(),
});
export type CreateRefundRequest = z.output<typeof createRefundRequestSchema>;

/** What is kept of a card: never the full number or the CVC. */
export const storedCardSchema = z.object({
  brand: z.enum(CARD_BRANDS),
  last4: z.string().regex(/^[0-9]{4}$/),
  expMonth: z.number().int(),
  expYear: z.number().int(),
});
export type StoredCard = z.output<typeof storedCardSchema>;

export const refundSchema = z.object({
  id: z.uuid(),
  amount: z.number().int().positive(),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type Refund = z.output<typeof refundSchema>;

export const paymentSchema = z.object({
  id: z.uuid(),
  status: z.enum(PAYMENT_STATUSES),
  amount: z.number().int().positive(),
  currency: z.string(),
  /** What was taken: the whole amount once succeeded, 0 otherwise. */
  capturedAmount: z.number().int().nonnegative(),
  refundedAmount: z.number().int().nonnegative(),
  reference: z.string(),
  description: z.string().nullable(),
  card: storedCardSchema,
  failureCode: z.enum(PAYMENT_FAILURE_CODES).nullable(),
  createdAt: z.iso.datetime(),
  /** Oldest first. */
  refunds: z.array(refundSchema),
});
export type Payment = z.output<typeof paymentSchema>;

/** 201 answer of `POST /api/payments/{id}/refunds`. */
export const refundResultSchema = z.object({ refund: refundSchema, payment: paymentSchema });
export type RefundResult = z.output<typeof refundResultSchema>;

/** `GET /api/payments`: newest first, keyset-paged by an opaque cursor. */
export const listPaymentsQuerySchema = z.strictObject({
  reference: z.string().min(1).max(200).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(20),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
});
export type ListPaymentsQuery = z.output<typeof listPaymentsQuerySchema>;

export const paymentPageSchema = z.object({
  items: z.array(paymentSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type PaymentPage = z.output<typeof paymentPageSchema>;

/** RFC 9457 problem+json as payments writes it; `code` and `paymentId` where the table says so. */
export const paymentProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  code: z.enum(PAYMENT_PROBLEM_CODES).optional(),
  /** On 402 and 502: the failed payment that was recorded. */
  paymentId: z.uuid().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type PaymentProblem = z.output<typeof paymentProblemSchema>;
