// Recording a refund's outcome, shared by the request that asked the processor and the recovery
// worker: a succeeded refund is announced; a failed one gives its reserved amount back. The answer
// is stored under the refund's Idempotency-Key in the same transaction.
import type { RefundResult } from '@marquee/contracts/payments';
import type { Queryable, Transaction } from '@marquee/kit/db';
import { completeIdempotencyKey, type IdempotentResponse } from '@marquee/kit/http';
import { createPaymentsRepository } from '../db/payments.repository.ts';
import { createRefundsRepository } from '../db/refunds.repository.ts';
import type { RefundRow } from '../db/schema.ts';
import { enqueuePaymentEvent } from '../messaging/payment-events.ts';
import { refundAnswer, refundFailedAnswer } from './payment-answers.ts';
import { toPayment, toRefund } from './payment-view.ts';
import type { RefundOutcome } from './provider.ts';

export interface CompletedRefund {
  answer: IdempotentResponse;
  /** True when this call completed a refund that succeeded (for metrics and the relay). */
  refundedNow: boolean;
  /** True when this call completed the refund at all. */
  completedNow: boolean;
}

/** The refund and its payment as they stand (the refund must have succeeded). */
async function resultOf(db: Queryable, refund: RefundRow): Promise<RefundResult> {
  const payments = createPaymentsRepository(db);
  const payment = await payments.findById(refund.paymentId);
  if (!payment) throw new Error(`payment ${refund.paymentId} vanished`);
  const refunds = (await payments.succeededRefundsOf([payment.id])).get(payment.id) ?? [];
  return { refund: toRefund(refund), payment: toPayment(payment, refunds) };
}

/** The answer for a refund already completed, from the recorded state. */
async function answerFor(db: Queryable, refund: RefundRow): Promise<IdempotentResponse> {
  return refund.status === 'succeeded'
    ? refundAnswer(await resultOf(db, refund))
    : refundFailedAnswer(refund.paymentId);
}

export async function completeRefund(
  tx: Transaction,
  pending: RefundRow,
  result: RefundOutcome,
  now: Date,
): Promise<CompletedRefund> {
  const refunds = createRefundsRepository(tx);
  const completed = await refunds.complete(
    pending.id,
    result.outcome === 'refunded'
      ? { status: 'succeeded', providerRefundId: result.providerRefundId }
      : { status: 'failed' },
    now,
  );
  if (!completed) {
    const current = await refunds.findById(pending.id);
    if (!current) throw new Error(`refund ${pending.id} vanished`);
    return { answer: await answerFor(tx, current), refundedNow: false, completedNow: false };
  }
  let answer: IdempotentResponse;
  if (completed.status === 'succeeded') {
    const result = await resultOf(tx, completed);
    const { payment } = result;
    answer = refundAnswer(result);
    await enqueuePaymentEvent(
      tx,
      'payment.refunded.v1',
      {
        paymentId: payment.id,
        refundId: completed.id,
        reference: payment.reference,
        amount: completed.amount,
        currency: payment.currency,
        refundedAmount: payment.refundedAmount,
      },
      now,
    );
  } else {
    await refunds.release(completed.paymentId, completed.amount);
    answer = refundFailedAnswer(completed.paymentId);
  }
  if (completed.idempotencyKey) {
    await completeIdempotencyKey(
      tx,
      { caller: completed.createdBy, key: completed.idempotencyKey },
      answer,
      now,
    );
  }
  return { answer, refundedNow: completed.status === 'succeeded', completedNow: true };
}
