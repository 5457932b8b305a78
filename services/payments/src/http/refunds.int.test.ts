// Refunds through the running service: partial, repeated and full, never more than was captured
// (also under concurrency, with the CHECK constraint as the last guard), idempotent, announced.
import { randomUUID } from 'node:crypto';
import { paymentEventSchemas } from '@marquee/contracts/payment-events';
import { refundResultSchema } from '@marquee/contracts/payments';
import { queryRows } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startTestPayments();
});
afterAll(async () => payments?.close());

async function paid(amount = 2500): Promise<string> {
  const reply = await payments.charge(chargeBody(undefined, { amount }));
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

const refundedColumn = async (id: string) =>
  (
    await queryRows<{ refunded_amount: number }>(
      payments.db,
      sql`SELECT refunded_amount FROM payments WHERE id = ${id}`,
    )
  )[0]?.refunded_amount;

describe('POST /api/payments/{id}/refunds', () => {
  it('refunds partly, again, then the rest by default, and announces each', async () => {
    const id = await paid(2500);
    const first = await payments.refund(id, { amount: 1000, reason: 'one seat cancelled' });
    expect(first.status).toBe(201);
    const firstResult = refundResultSchema.parse(first.body);
    expect(firstResult.refund).toMatchObject({ amount: 1000, reason: 'one seat cancelled' });
    expect(firstResult.payment).toMatchObject({ refundedAmount: 1000, capturedAmount: 2500 });

    const second = await payments.refund(id, { amount: 500 });
    expect(second.body.payment.refundedAmount).toBe(1500);
    const rest = await payments.refund(id);
    expect(rest.status).toBe(201);
    expect(rest.body.refund).toMatchObject({ amount: 1000, reason: null });
    expect(rest.body.payment.refundedAmount).toBe(2500);
    expect(rest.body.payment.refunds.map((r: { amount: number }) => r.amount)).toEqual([
      1000, 500, 1000,
    ]);

    const read = await payments.call('GET', `/api/payments/${id}`, {
      token: payments.tokens.admin,
    });
    expect(read.body).toEqual(rest.body.payment);
    expect(await refundedColumn(id)).toBe(2500);

    await payments.settle();
    const events = payments.published
      .filter((m) => m.type === 'payment.refunded.v1')
      .map((m) => paymentEventSchemas['payment.refunded.v1'].parse(m.payload))
      .filter((p) => p.paymentId === id);
    expect(events.map((e) => [e.amount, e.refundedAmount])).toEqual([
      [1000, 1000],
      [500, 1500],
      [1000, 2500],
    ]);
    expect(events[0]).toMatchObject({
      refundId: firstResult.refund.id,
      reference: firstResult.payment.reference,
      currency: 'EUR',
    });
  });

  it('refuses more than is left with 409 refund_exceeds_captured, changing nothing', async () => {
    const id = await paid(2500);
    const over = await payments.refund(id, { amount: 2501 });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'refund_exceeds_captured', refundable: 2500 });
    expect((await payments.refund(id, { amount: 2000 })).status).toBe(201);
    const again = await payments.refund(id, { amount: 501 });
    expect(again.body).toMatchObject({ code: 'refund_exceeds_captured', refundable: 500 });
    expect((await payments.refund(id)).status).toBe(201);
    const nothingLeft = await payments.refund(id);
    expect(nothingLeft.status).toBe(409);
    expect(nothingLeft.body).toMatchObject({ code: 'refund_exceeds_captured', refundable: 0 });
    expect(await refundedColumn(id)).toBe(2500);
  });

  it('never over-refunds under 20 concurrent refunds', async () => {
    const id = await paid(2500);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => payments.refund(id, { amount: 300 })),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(8);
    expect(statuses.filter((s) => s === 409)).toHaveLength(12);
    expect(await refundedColumn(id)).toBe(2400);
    const read = await payments.call('GET', `/api/payments/${id}`, {
      token: payments.tokens.admin,
    });
    expect(read.body.refundedAmount).toBe(2400);
    expect(read.body.refunds).toHaveLength(8);
  });

  it('never over-refunds under concurrent full refunds', async () => {
    const id = await paid(2500);
    const replies = await Promise.all(Array.from({ length: 10 }, () => payments.refund(id)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await refundedColumn(id)).toBe(2500);
  });

  it('has a CHECK constraint as the last guard against over-refunding', async () => {
    const id = await paid(2500);
    await expect(
      payments.db.execute(sql`UPDATE payments SET refunded_amount = 2501 WHERE id = ${id}`),
    ).rejects.toThrow();
    expect(await refundedColumn(id)).toBe(0);
  });

  it('refuses to refund a failed payment (409) and an unknown one (404)', async () => {
    const declined = await payments.charge(chargeBody('4000 0000 0000 0002'));
    const failed = await payments.refund(declined.body.paymentId, { amount: 100 });
    expect(failed.status).toBe(409);
    expect(failed.body).toMatchObject({ code: 'payment_not_refundable', paymentStatus: 'failed' });
    expect((await payments.refund(randomUUID(), {})).status).toBe(404);
    expect((await payments.refund('not-a-uuid', {})).status).toBe(400);
  });

  it('replays a refund for the same key and body, refuses another body (422)', async () => {
    const id = await paid(2500);
    const key = randomUUID();
    const first = await payments.refund(id, { amount: 700 }, key);
    const again = await payments.refund(id, { amount: 700 }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await payments.refund(id, { amount: 800 }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    const otherPayment = await payments.refund(await paid(), { amount: 700 }, key);
    expect(otherPayment.status).toBe(422);
    expect(await refundedColumn(id)).toBe(700);
  });

  it('lets 20 concurrent refunds with one key refund once', async () => {
    const id = await paid(2500);
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => payments.refund(id, { amount: 100 }, key)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.refund.id)).size).toBe(1);
    expect(await refundedColumn(id)).toBe(100);
  });

  it('counts refunds on /metrics and refuses customers', async () => {
    const metrics = await (await fetch(`${payments.url}/metrics`)).text();
    expect(metrics).toMatch(/marquee_refunds_total\{service="payments"\} ([1-9]\d*)/);
    const id = await paid();
    const customer = await payments.call('POST', `/api/payments/${id}/refunds`, {
      body: {},
      token: payments.tokens.customer,
    });
    expect(customer.status).toBe(403);
  });
});
