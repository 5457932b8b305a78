// Charging each documented test card through the running service: the answer, the stored payment,
// the published event (parsed with the shared contract), and the payments counter.
import { paymentEventSchemas } from '@marquee/contracts/payment-events';
import { paymentProblemSchema, paymentSchema } from '@marquee/contracts/payments';
import { queryRows } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startTestPayments();
});
afterAll(async () => payments?.close());

const eventsFor = async (paymentId: string) => {
  await payments.settle();
  return payments.published.filter(
    (m) => (m.payload as { paymentId?: string }).paymentId === paymentId,
  );
};

const storedStatus = async (id: string) =>
  (
    await queryRows<{ status: string; failure_code: string | null; captured_amount: number }>(
      payments.db,
      sql`SELECT status, failure_code, captured_amount FROM payments WHERE id = ${id}`,
    )
  )[0];

describe('POST /api/payments with the test cards', () => {
  it.each([
    ['visa', '4242 4242 4242 4242', '4242'],
    ['mastercard', '5555 5555 5555 4444', '4444'],
    ['amex', '3782 822463 10005', '0005'],
    ['other', '6011 1111 1111 1117', '1117'],
    ['visa', '4000056655665556', '5556'],
  ])(
    'approves a %s card (%s): 201, captured, payment.succeeded.v1',
    async (brand, number, last4) => {
      const body = chargeBody(number);
      const reply = await payments.charge(body);
      expect(reply.status).toBe(201);
      const payment = paymentSchema.parse(reply.body);
      expect(payment).toMatchObject({
        status: 'succeeded',
        amount: 2500,
        currency: 'EUR',
        capturedAmount: 2500,
        refundedAmount: 0,
        reference: body.reference,
        description: 'Two tickets',
        card: { brand, last4, expMonth: 12, expYear: 2031 },
        failureCode: null,
        createdAt: '2030-03-01T12:00:00.000Z',
        refunds: [],
      });
      expect(reply.headers.get('location')).toBe(`/api/payments/${payment.id}`);
      expect(reply.headers.get('idempotent-replayed')).toBeNull();
      expect(await storedStatus(payment.id)).toEqual({
        status: 'succeeded',
        failure_code: null,
        captured_amount: 2500,
      });
      const [event, ...more] = await eventsFor(payment.id);
      expect(more).toEqual([]);
      expect(event?.type).toBe('payment.succeeded.v1');
      expect(paymentEventSchemas['payment.succeeded.v1'].parse(event?.payload)).toEqual({
        paymentId: payment.id,
        reference: body.reference,
        amount: 2500,
        currency: 'EUR',
      });
    },
  );

  it.each([
    ['4000 0000 0000 0002', 402, 'card_declined'],
    ['4000 0000 0000 9995', 402, 'insufficient_funds'],
    ['4000 0000 0000 0119', 502, 'processing_error'],
  ] as const)('answers %s with %i %s and stores it failed', async (number, status, code) => {
    const body = chargeBody(number);
    const reply = await payments.charge(body);
    expect(reply.status).toBe(status);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    const problem = paymentProblemSchema.parse(reply.body);
    expect(problem).toMatchObject({ status, code, paymentId: expect.any(String) });
    expect(await storedStatus(problem.paymentId!)).toEqual({
      status: 'failed',
      failure_code: code,
      captured_amount: 0,
    });
    const read = await payments.call('GET', `/api/payments/${problem.paymentId}`, {
      token: payments.tokens.admin,
    });
    expect(read.body).toMatchObject({ status: 'failed', failureCode: code, capturedAmount: 0 });
    const [event] = await eventsFor(problem.paymentId!);
    expect(event?.type).toBe('payment.failed.v1');
    expect(paymentEventSchemas['payment.failed.v1'].parse(event?.payload)).toEqual({
      paymentId: problem.paymentId,
      reference: body.reference,
      amount: 2500,
      currency: 'EUR',
      code,
    });
  });

  it('approves the slow card only after MOCK_PROVIDER_SLOW_MS', async () => {
    const started = performance.now();
    const reply = await payments.charge(chargeBody('4000 0000 0000 3063'));
    expect(reply.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it('counts payments by outcome on /metrics', async () => {
    const metrics = await (await fetch(`${payments.url}/metrics`)).text();
    expect(metrics).toMatch(/marquee_payments_total\{outcome="succeeded",service="payments"\} \d+/);
    expect(metrics).toMatch(
      /marquee_payments_total\{outcome="card_declined",service="payments"\} 1/,
    );
    expect(metrics).toMatch(
      /marquee_payments_total\{outcome="processing_error",service="payments"\} 1/,
    );
  });
});

describe('POST /api/payments refuses bad input with nothing stored', () => {
  const countPayments = async () =>
    (await queryRows<{ n: number }>(payments.db, sql`SELECT count(*)::int AS n FROM payments`))[0]
      ?.n;

  it.each([
    ['a failed check digit', { number: '4242 4242 4242 4241' }, 'body.card.number'],
    ['letters in the number', { number: '4242-4242-4242-4242' }, 'body.card.number'],
    ['a card that ran out last month', { expMonth: 2, expYear: 2030 }, 'body.card.expMonth'],
    ['a card that ran out last year', { expMonth: 12, expYear: 2029 }, 'body.card.expYear'],
    ['a month of 13', { expMonth: 13 }, 'body.card.expMonth'],
    ['a two-digit year', { expYear: 31 }, 'body.card.expYear'],
    ['three CVC digits on Amex', { number: '378282246310005', cvc: '737' }, 'body.card.cvc'],
    ['four CVC digits on Visa', { cvc: '9876' }, 'body.card.cvc'],
  ])('%s names %s', async (_what, card, field) => {
    const before = await countPayments();
    const body = chargeBody();
    const reply = await payments.charge({ ...body, card: { ...body.card, ...card } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(JSON.stringify(reply.body)).not.toContain('4242 4242');
    expect(await countPayments()).toBe(before);
  });

  it.each([
    ['amount', { amount: 0 }],
    ['amount', { amount: 12.5 }],
    ['currency', { currency: 'eur' }],
    ['reference', { reference: '' }],
  ])('names body.%s', async (field, overrides) => {
    const reply = await payments.charge(chargeBody(undefined, overrides));
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual([`body.${field}`]);
  });

  it('requires an Idempotency-Key of at most 255 characters', async () => {
    for (const key of [null, 'k'.repeat(256)]) {
      const reply = await payments.call('POST', '/api/payments', {
        body: chargeBody(),
        key,
        token: payments.tokens.service,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.errors[0].field).toBe('headers.idempotency-key');
    }
  });
});

describe('who may use payments', () => {
  it.each(['customer', 'staff'] as const)('refuses a %s token with 403', async (role) => {
    const token = payments.tokens[role];
    const charge = await payments.call('POST', '/api/payments', { body: chargeBody(), token });
    expect(charge.status).toBe(403);
    const list = await payments.call('GET', '/api/payments', { token });
    expect(list.status).toBe(403);
  });

  it('refuses a request without a token with 401', async () => {
    expect((await payments.call('POST', '/api/payments', { body: chargeBody() })).status).toBe(401);
  });

  it('lets an admin charge', async () => {
    const reply = await payments.call('POST', '/api/payments', {
      body: chargeBody(),
      token: payments.tokens.admin,
    });
    expect(reply.status).toBe(201);
  });
});
