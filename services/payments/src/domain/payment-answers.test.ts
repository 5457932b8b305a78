// The stored answers: 201 with the payment, 402 for declines, 502 for processor failures.
import type { Payment } from '@marquee/contracts/payments';
import { describe, expect, it } from 'vitest';
import { chargeAnswer, refundFailedAnswer } from './payment-answers.ts';

const payment = (overrides: Partial<Payment> = {}): Payment => ({
  id: '6f1c3f5e-8f4a-4c55-9f0e-2b0d0c8f6a11',
  status: 'succeeded',
  amount: 2500,
  currency: 'EUR',
  capturedAmount: 2500,
  refundedAmount: 0,
  reference: 'booking:1',
  description: null,
  card: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2031 },
  failureCode: null,
  createdAt: '2030-03-01T12:00:00.000Z',
  refunds: [],
  ...overrides,
});

describe('chargeAnswer', () => {
  it('answers 201 with the payment and where to read it', () => {
    expect(chargeAnswer(payment())).toEqual({
      status: 201,
      body: payment(),
      headers: { Location: '/api/payments/6f1c3f5e-8f4a-4c55-9f0e-2b0d0c8f6a11' },
    });
  });

  it.each([
    ['card_declined', 402],
    ['insufficient_funds', 402],
    ['processing_error', 502],
  ] as const)('answers %s with %i naming the code and the payment', (code, status) => {
    const answer = chargeAnswer(
      payment({ status: 'failed', failureCode: code, capturedAmount: 0 }),
    );
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({
      type: `https://marquee.dev/problems/${code.replace(/_/g, '-')}`,
      status,
      code,
      paymentId: payment().id,
    });
  });
});

describe('refundFailedAnswer', () => {
  it('is a 502 processing_error naming the payment', () => {
    expect(refundFailedAnswer('p1').body).toMatchObject({
      status: 502,
      code: 'processing_error',
      paymentId: 'p1',
    });
  });
});
