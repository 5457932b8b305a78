// Reading payments: one by id (404 when unknown), and pages filtered by reference and status that
// hold still while new payments arrive; services and admins only.
import { randomUUID } from 'node:crypto';
import { paymentPageSchema } from '@marquee/contracts/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startTestPayments();
});
afterAll(async () => payments?.close());

const list = (query: string, token = payments.tokens.service) =>
  payments.call('GET', `/api/payments?${query}`, { token });

describe('GET /api/payments/{id}', () => {
  it('reads a payment as a service or an admin', async () => {
    const charged = await payments.charge(chargeBody());
    for (const token of [payments.tokens.service, payments.tokens.admin]) {
      const read = await payments.call('GET', `/api/payments/${charged.body.id}`, { token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(charged.body);
    }
  });

  it('answers 404 for an unknown payment, 400 for a malformed id, 403 for a customer', async () => {
    const token = payments.tokens.service;
    expect((await payments.call('GET', `/api/payments/${randomUUID()}`, { token })).status).toBe(
      404,
    );
    const malformed = await payments.call('GET', '/api/payments/nope', { token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('params.id');
    const charged = await payments.charge(chargeBody());
    const customer = await payments.call('GET', `/api/payments/${charged.body.id}`, {
      token: payments.tokens.customer,
    });
    expect(customer.status).toBe(403);
  });
});

describe('GET /api/payments', () => {
  it('filters by reference and status, newest first, paging by cursor', async () => {
    const reference = `booking:${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await payments.charge(chargeBody(undefined, { reference }));
      ids.push(reply.body.id);
      payments.clock.advance(1);
    }
    const declined = await payments.charge(chargeBody('4000 0000 0000 0002', { reference }));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `reference=${encodeURIComponent(reference)}&status=succeeded&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const reply = await list(query);
      expect(reply.status).toBe(200);
      const page = paymentPageSchema.parse(reply.body);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
      pages++;
      // A payment arriving between pages must not shift the pages already handed out.
      if (pages === 1) await payments.charge(chargeBody(undefined, { reference }));
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const failed = paymentPageSchema.parse(
      (await list(`reference=${encodeURIComponent(reference)}&status=failed`)).body,
    );
    expect(failed.items.map((p) => p.id)).toEqual([declined.body.paymentId]);
    expect(failed.nextCursor).toBeNull();
  });

  it('refuses a bad filter or cursor with 400 naming it', async () => {
    for (const [query, field] of [
      ['status=pending', 'query.status'],
      ['limit=0', 'query.limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ]) {
      const reply = await list(query!);
      expect(reply.status).toBe(400);
      expect(reply.body.errors[0].field).toBe(field);
    }
  });
});

describe('GET /openapi.json', () => {
  it('describes every payments route from the same schemas', async () => {
    const reply = await payments.call('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.paths).sort()).toEqual([
      '/api/payments',
      '/api/payments/{id}',
      '/api/payments/{id}/refunds',
    ]);
    expect(reply.body.paths['/api/payments'].post.responses).toHaveProperty('402');
  });
});
