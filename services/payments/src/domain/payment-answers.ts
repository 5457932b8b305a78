// The answers stored under an Idempotency-Key and sent again on a replay, built from the recorded
// state, so the request that did the work and the recovery that finished it answer alike.
import type { Payment, PaymentProblem, RefundResult } from '@marquee/contracts/payments';
import { problemDocument, type IdempotentResponse } from '@marquee/kit/http';

const paymentLocation = (id: string) => `/api/payments/${id}`;

const failureDetail = {
  card_declined: 'The card was declined.',
  insufficient_funds: 'The card was declined: insufficient funds.',
  processing_error:
    'The card processor failed; no money was taken. Try again with a new Idempotency-Key.',
} as const;

/** 201 with the payment, 402 for a decline, 502 for a processor failure. */
export function chargeAnswer(payment: Payment): IdempotentResponse<Payment | PaymentProblem> {
  if (payment.status === 'succeeded') {
    return { status: 201, body: payment, headers: { Location: paymentLocation(payment.id) } };
  }
  const code = payment.failureCode ?? 'processing_error';
  const status = code === 'processing_error' ? 502 : 402;
  return {
    status,
    body: problemDocument(status, code, failureDetail[code], {
      code,
      paymentId: payment.id,
    }) as PaymentProblem,
  };
}

export function refundAnswer(result: RefundResult): IdempotentResponse<RefundResult> {
  return {
    status: 201,
    body: result,
    headers: { Location: paymentLocation(result.payment.id) },
  };
}

/** The processor refused or failed the refund: nothing was returned to the card. */
export function refundFailedAnswer(paymentId: string): IdempotentResponse<PaymentProblem> {
  return {
    status: 502,
    body: problemDocument(
      502,
      'processing_error',
      'The card processor failed the refund; nothing was refunded. Try again with a new Idempotency-Key.',
      { code: 'processing_error', paymentId },
    ) as PaymentProblem,
  };
}
