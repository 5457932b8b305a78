// Idempotency-Key on charges: a retry gets the first answer again (201, 402 or 502), another body
// gets 422, keys belong to their caller, and 20 concurrent duplicates make exactly one charge.
import { randomUUID } from 'node:crypto';
import { queryRows } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

let payments: TestPayments;
beforeAll(async () => {
  // A short wait for duplicates, so the in-progress answer can be seen against the slow card.
  payments = await startTestPayments({ env: { IDEMPOTENCY_WAIT_MS: '2500' } });
});
afterAll(async () => payments?.close());

const paymentsFor = (reference: string) =>
  queryRows<{ id: string }>(
    payments.db,
    sql`SELECT id FROM payments WHERE reference = ${reference}`,
  );
const chargesAtProcessor = (paymentIds: string[]) =>
  queryRows<{ payment_id: string }>(
    payments.db,
    sql`SELECT payment_id FROM provider_charges WHERE payment_id IN ${paymentIds}`,
  );

describe('Idempotency-Key on POST /api/payments', () => {
  it.each([
    ['4242 4242 4242 4242', 201],
    ['4000 0000 0000 0002', 402],
    ['4000 0000 0000 0119', 502],
  ])('replays the first answer for %s (%i) with Idempotent-Replayed', async (number, status) => {
    const key = randomUUID();
    const body = chargeBody(number);
    const first = await payments.charge(body, key);
    // The same body with the number typed without spaces is the same request.
    const again = await payments.charge(
      { ...body, card: { ...body.card, number: number.replace(/ /g, '') } },
      key,
    );
    expect(first.status).toBe(status);
    expect(again.status).toBe(status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await paymentsFor(body.reference)).toHaveLength(1);
  });

  it('answers 422 idempotency_key_reused for the same key with another body', async () => {
    const key = randomUUID();
    const body = chargeBody();
    expect((await payments.charge(body, key)).status).toBe(201);
    for (const other of [{ ...body, amount: 2600 }, chargeBody('5555 5555 5555 4444')]) {
      const reply = await payments.charge(other, key);
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    }
    expect(await paymentsFor(body.reference)).toHaveLength(1);
  });

  it('keeps keys apart between callers', async () => {
    const key = randomUUID();
    const body = chargeBody();
    const mine = await payments.charge(body, key);
    const theirs = await payments.call('POST', '/api/payments', {
      body,
      key,
      token: payments.tokens.otherService,
    });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('makes one charge for 20 concurrent requests with the same key and body', async () => {
    const key = randomUUID();
    const body = chargeBody();
    const replies = await Promise.all(Array.from({ length: 20 }, () => payments.charge(body, key)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    const ids = new Set(replies.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    const rows = await paymentsFor(body.reference);
    expect(rows).toHaveLength(1);
    expect(await chargesAtProcessor([rows[0]!.id])).toHaveLength(1);
  });

  it('lets a duplicate of a slow charge wait for it, or answer 409 with Retry-After if too slow', async () => {
    const key = randomUUID();
    const body = chargeBody('4000 0000 0000 3063');
    const first = payments.charge(body, key);
    await new Promise((r) => setTimeout(r, 200));
    // Arrives ~0.2 s in: the 1.5 s charge finishes within its 2.5 s wait, so it replays.
    const waited = await payments.charge(body, key);
    const firstReply = await first;
    expect(firstReply.status).toBe(201);
    expect(waited.status).toBe(201);
    expect(waited.body.id).toBe(firstReply.body.id);
    expect(waited.headers.get('idempotent-replayed')).toBe('true');

    const slower = await startTestPayments({
      env: { IDEMPOTENCY_WAIT_MS: '200', MOCK_PROVIDER_SLOW_MS: '1500' },
    });
    try {
      const slowKey = randomUUID();
      const running = slower.charge(body, slowKey);
      await new Promise((r) => setTimeout(r, 200));
      const busy = await slower.charge(body, slowKey);
      expect(busy.status).toBe(409);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(busy.body).toMatchObject({ status: 409, code: 'idempotency_in_progress' });
      expect((await running).status).toBe(201);
      const replay = await slower.charge(body, slowKey);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await queryRows(slower.db, sql`SELECT id FROM payments`)).toHaveLength(1);
    } finally {
      await slower.close();
    }
  });

  it('stores nothing for a refused (400) request, so the corrected one may use its key', async () => {
    const key = randomUUID();
    const body = chargeBody();
    const bad = await payments.charge({ ...body, card: { ...body.card, cvc: '12' } }, key);
    expect(bad.status).toBe(400);
    expect((await payments.charge(body, key)).status).toBe(201);
  });
});
