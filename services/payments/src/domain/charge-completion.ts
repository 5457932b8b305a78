// Recording a charge's outcome, shared by the request that asked the processor and the recovery
// worker that asks again after a stop: one conditional update from `processing`, the event, and
// the answer stored under the charge's Idempotency-Key, all in the caller's transaction.
import type { Transaction } from '@marquee/kit/db';
import { completeIdempotencyKey } from '@marquee/kit/http';
import { createPaymentsRepository, type ChargeCompletion } from '../db/payments.repository.ts';
import type { PaymentRow } from '../db/schema.ts';
import { enqueuePaymentEvent } from '../messaging/payment-events.ts';
import { chargeAnswer } from './payment-answers.ts';
import { toPayment } from './payment-view.ts';
import type { PaymentOutcome } from './payments-metrics.ts';
import type { ChargeOutcome } from './provider.ts';

export interface CompletedCharge {
  payment: PaymentRow;
  /** Set when this call completed it (false: someone else had); for metrics and the relay. */
  outcome: PaymentOutcome | undefined;
}

const completionOf = (result: ChargeOutcome): ChargeCompletion =>
  result.outcome === 'approved'
    ? { status: 'succeeded', authorisationId: result.authorisationId }
    : {
        status: 'failed',
        failureCode: result.outcome === 'declined' ? result.code : 'processing_error',
      };

export async function completeCharge(
  tx: Transaction,
  processing: PaymentRow,
  result: ChargeOutcome,
  now: Date,
): Promise<CompletedCharge> {
  const repository = createPaymentsRepository(tx);
  const completed = await repository.complete(processing.id, completionOf(result), now);
  if (!completed) {
    const current = await repository.findById(processing.id);
    if (!current) throw new Error(`payment ${processing.id} vanished`);
    return { payment: current, outcome: undefined };
  }
  const base = {
    paymentId: completed.id,
    reference: completed.reference,
    amount: completed.amount,
    currency: completed.currency,
  };
  if (completed.status === 'succeeded') {
    await enqueuePaymentEvent(tx, 'payment.succeeded.v1', base, now);
  } else {
    const code = completed.failureCode ?? 'processing_error';
    await enqueuePaymentEvent(tx, 'payment.failed.v1', { ...base, code }, now);
  }
  if (completed.idempotencyKey) {
    await completeIdempotencyKey(
      tx,
      { caller: completed.createdBy, key: completed.idempotencyKey },
      chargeAnswer(toPayment(completed, [])),
      now,
    );
  }
  return {
    payment: completed,
    outcome:
      completed.status === 'succeeded'
        ? 'succeeded'
        : (completed.failureCode ?? 'processing_error'),
  };
}
