// Events the payments service publishes (past tense, versioned); the same schemas validate what
// is published and what consumers receive.
import { z } from 'zod';
import { PAYMENT_FAILURE_CODES } from './payments.ts';

const base = {
  paymentId: z.uuid(),
  reference: z.string().min(1),
  /** Minor units of `currency`. */
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
};

export const paymentEventSchemas = {
  'payment.succeeded.v1': z.object(base),
  'payment.failed.v1': z.object({ ...base, code: z.enum(PAYMENT_FAILURE_CODES) }),
  /** `amount` is this refund's; `refundedAmount` the payment's total refunded after it. */
  'payment.refunded.v1': z.object({
    ...base,
    refundId: z.uuid(),
    refundedAmount: z.number().int().positive(),
  }),
} as const;

export type PaymentEventType = keyof typeof paymentEventSchemas;
export type PaymentEventPayload<T extends PaymentEventType> = z.output<
  (typeof paymentEventSchemas)[T]
>;
