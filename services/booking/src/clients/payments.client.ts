// What booking asks of payments: a charge and refunds, each under an Idempotency-Key, so asking
// again after a crash or a time-out never charges or refunds twice.
import {
  paymentPageSchema,
  paymentSchema,
  refundResultSchema,
  type CardInput,
  type Payment,
} from '@marquee/contracts/payments';
import { unavailable } from '@marquee/kit/errors';
import type { Upstream } from './upstream.ts';

export type ChargeOutcome =
  | { kind: 'succeeded'; payment: Payment }
  /** Declined by the card's bank (402): no money taken. */
  | { kind: 'declined'; code: string; detail: string; paymentId?: string }
  /** The request itself was wrong (400/422): e.g. an invalid card number, naming the field. */
  | { kind: 'invalid'; status: number; problem: unknown }
  /** The processor failed (502): no money taken; another attempt may work. */
  | { kind: 'error'; detail: string; paymentId?: string };

export interface ChargeInput {
  idempotencyKey: string;
  amount: number;
  currency: string;
  reference: string;
  description?: string;
  card: CardInput;
}

export function createPaymentsClient(http: Upstream) {
  return {
    /**
     * Throws `unavailable` when the outcome is unknown (not reached, time-out, 409 still in
     * progress, 5xx other than 502): the charge may or may not exist, so the caller keeps its
     * step and asks again with the same key.
     */
    async charge(input: ChargeInput): Promise<ChargeOutcome> {
      const { idempotencyKey, ...body } = input;
      const reply = await http.call('POST', '/api/payments', {
        body,
        headers: { 'idempotency-key': idempotencyKey },
      });
      const problem = (reply.body ?? {}) as { code?: string; detail?: string; paymentId?: string };
      if (reply.status === 201)
        return { kind: 'succeeded', payment: paymentSchema.parse(reply.body) };
      if (reply.status === 402) {
        return {
          kind: 'declined',
          code: problem.code ?? 'card_declined',
          detail: problem.detail ?? 'The card was declined.',
          paymentId: problem.paymentId,
        };
      }
      if (reply.status === 502) {
        return {
          kind: 'error',
          detail: problem.detail ?? 'The card processor failed.',
          paymentId: problem.paymentId,
        };
      }
      if (reply.status === 400 || reply.status === 422) {
        return { kind: 'invalid', status: reply.status, problem: reply.body };
      }
      throw unavailable('The payment could not be completed now; please try again.');
    },

    /** Refunds `amount` (all that is left when omitted); the same key never refunds twice. */
    async refund(input: {
      paymentId: string;
      idempotencyKey: string;
      amount?: number;
      reason: string;
    }): Promise<Payment> {
      const reply = await http.call(
        'POST',
        `/api/payments/${encodeURIComponent(input.paymentId)}/refunds`,
        {
          body: {
            ...(input.amount === undefined ? {} : { amount: input.amount }),
            reason: input.reason,
          },
          headers: { 'idempotency-key': input.idempotencyKey },
        },
      );
      if (reply.status === 201) return refundResultSchema.parse(reply.body).payment;
      // Nothing left to refund: an earlier refund already gave everything back.
      if (
        reply.status === 409 &&
        (reply.body as { code?: string })?.code === 'refund_exceeds_captured'
      ) {
        const current = await http.call(
          'GET',
          `/api/payments/${encodeURIComponent(input.paymentId)}`,
        );
        const payment = current.status === 200 ? paymentSchema.parse(current.body) : undefined;
        if (payment && payment.refundedAmount === payment.capturedAmount) return payment;
      }
      throw unavailable(`The refund could not be made now (payments answered ${reply.status}).`);
    },

    /** Every payment made for `reference`, newest first (recovery looks for a lost answer). */
    async findByReference(reference: string): Promise<Payment[]> {
      const reply = await http.call(
        'GET',
        `/api/payments?reference=${encodeURIComponent(reference)}&limit=100`,
      );
      if (reply.status === 200) return paymentPageSchema.parse(reply.body).items;
      throw unavailable(`Payments could not be listed now (answered ${reply.status}).`);
    },
  };
}

export type PaymentsClient = ReturnType<typeof createPaymentsClient>;
