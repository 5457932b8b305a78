// The payments service on embedded PGlite (what `npm start` runs): the same migrations, locks,
// idempotency and events as on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startTestPayments({ embedded: true });
}, 120_000);
afterAll(async () => payments?.close());

describe('payments on embedded PGlite', () => {
  it('charges once for concurrent duplicates, replays, declines and refunds within the captured amount', async () => {
    const key = randomUUID();
    const body = chargeBody();
    const replies = await Promise.all(Array.from({ length: 5 }, () => payments.charge(body, key)));
    expect(replies.map((r) => r.status)).toEqual(Array(5).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const id = replies[0]!.body.id as string;

    const declined = await payments.charge(chargeBody('4000 0000 0000 9995'));
    expect(declined.body).toMatchObject({ status: 402, code: 'insufficient_funds' });

    const refunds = await Promise.all(
      Array.from({ length: 6 }, () => payments.refund(id, { amount: 1000 })),
    );
    expect(refunds.filter((r) => r.status === 201)).toHaveLength(2);
    expect(refunds.filter((r) => r.status === 409)).toHaveLength(4);
    const read = await payments.call('GET', `/api/payments/${id}`, {
      token: payments.tokens.admin,
    });
    expect(read.body.refundedAmount).toBe(2000);

    await payments.settle();
    expect(payments.published.map((m) => m.type).sort()).toEqual([
      'payment.failed.v1',
      'payment.refunded.v1',
      'payment.refunded.v1',
      'payment.succeeded.v1',
    ]);
  });
});
