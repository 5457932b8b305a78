// Payments and refunds left in flight (the processor's answer lost, or the request never sent, as
// when a process is killed) are completed by the recovery worker: from the processor's record when
// it has one, failed with processing_error after PROCESSING_TIMEOUT_SECONDS when it has none. The
// answer owed to the Idempotency-Key is stored with the outcome.
import { randomUUID } from 'node:crypto';
import { paymentEventSchemas } from '@marquee/contracts/payment-events';
import { queryRows } from '@marquee/kit/db';
import { createTestDatabase } from '@marquee/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentProvider } from '../domain/provider.ts';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

type Trouble = 'none' | 'answer-lost' | 'never-sent';
let trouble: Trouble = 'none';

/** The mock processor behind a network that loses answers or requests on demand. */
function unreliable(inner: PaymentProvider): PaymentProvider {
  const through = async <T>(call: () => Promise<T>): Promise<T> => {
    if (trouble === 'never-sent') throw new Error('connection refused');
    const result = await call();
    if (trouble === 'answer-lost') throw new Error('connection reset');
    return result;
  };
  return {
    charge: (request) => through(() => inner.charge(request)),
    refund: (request) => through(() => inner.refund(request)),
    lookupCharge: (id) => inner.lookupCharge(id),
    lookupRefund: (id) => inner.lookupRefund(id),
  };
}

const env = { RECOVERY_INTERVAL_MS: '100', IDEMPOTENCY_WAIT_MS: '200' };
let payments: TestPayments;
beforeAll(async () => {
  payments = await startTestPayments({ env, wrapProvider: unreliable });
});
afterAll(async () => payments?.close());

const statusOf = async (id: string) => {
  const read = await payments.call('GET', `/api/payments/${id}`, { token: payments.tokens.admin });
  return read.body as { status: string; failureCode: string | null; refundedAmount: number };
};
const processingIdFor = async (reference: string) =>
  (
    await queryRows<{ id: string; status: string }>(
      payments.db,
      sql`SELECT id, status FROM payments WHERE reference = ${reference}`,
    )
  )[0]!;

async function inTrouble<T>(kind: Trouble, run: () => Promise<T>): Promise<T> {
  trouble = kind;
  try {
    return await run();
  } finally {
    trouble = 'none';
  }
}

describe('recovery of charges', () => {
  it('completes a charge whose approval was lost, from the processor record', async () => {
    const key = randomUUID();
    const body = chargeBody();
    const lost = await inTrouble('answer-lost', () => payments.charge(body, key));
    expect(lost.status).toBe(503);
    const { id } = await processingIdFor(body.reference);

    await vi.waitFor(async () => expect((await statusOf(id)).status).toBe('succeeded'), {
      timeout: 5_000,
    });
    const replay = await payments.charge(body, key);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ id, status: 'succeeded', capturedAmount: 2500 });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await payments.settle();
    expect(
      payments.published.filter(
        (m) =>
          m.type === 'payment.succeeded.v1' &&
          (m.payload as { paymentId: string }).paymentId === id,
      ),
    ).toHaveLength(1);
  });

  it('keeps a charge the processor never saw processing, then fails it after the timeout', async () => {
    const key = randomUUID();
    const body = chargeBody();
    const unsent = await inTrouble('never-sent', () => payments.charge(body, key));
    expect(unsent.status).toBe(503);
    const { id } = await processingIdFor(body.reference);
    expect((await statusOf(id)).status).toBe('processing');

    // Its key stays taken: a retry cannot start a second charge while the outcome is open.
    const retry = await payments.charge(body, key);
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('idempotency_in_progress');
    await new Promise((r) => setTimeout(r, 300));
    expect((await statusOf(id)).status).toBe('processing');

    payments.clock.advance(61);
    await vi.waitFor(async () => expect((await statusOf(id)).status).toBe('failed'), {
      timeout: 5_000,
    });
    expect((await statusOf(id)).failureCode).toBe('processing_error');
    const replay = await payments.charge(body, key);
    expect(replay.status).toBe(502);
    expect(replay.body).toMatchObject({ code: 'processing_error', paymentId: id });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await payments.settle();
    const failed = payments.published.find(
      (m) =>
        m.type === 'payment.failed.v1' && (m.payload as { paymentId: string }).paymentId === id,
    );
    expect(paymentEventSchemas['payment.failed.v1'].parse(failed?.payload).code).toBe(
      'processing_error',
    );
  });
});

describe('recovery of refunds', () => {
  it('completes a refund whose answer was lost', async () => {
    const id = (await payments.charge(chargeBody())).body.id as string;
    const key = randomUUID();
    const lost = await inTrouble('answer-lost', () => payments.refund(id, { amount: 900 }, key));
    expect(lost.status).toBe(503);
    await vi.waitFor(async () => expect((await statusOf(id)).refundedAmount).toBe(900), {
      timeout: 5_000,
    });
    const replay = await payments.refund(id, { amount: 900 }, key);
    expect(replay.status).toBe(201);
    expect(replay.body.refund.amount).toBe(900);
  });

  it('gives back the amount of a refund the processor never saw, after the timeout', async () => {
    const id = (await payments.charge(chargeBody())).body.id as string;
    const key = randomUUID();
    const unsent = await inTrouble('never-sent', () => payments.refund(id, { amount: 2500 }, key));
    expect(unsent.status).toBe(503);
    // Reserved while in flight: nothing more can be refunded meanwhile.
    expect((await payments.refund(id, { amount: 1 })).body.code).toBe('refund_exceeds_captured');

    payments.clock.advance(61);
    const replay = await vi.waitFor(
      async () => {
        const reply = await payments.refund(id, { amount: 2500 }, key);
        expect(reply.status).toBe(502);
        return reply;
      },
      { timeout: 5_000 },
    );
    expect(replay.body).toMatchObject({ code: 'processing_error', paymentId: id });
    expect((await payments.refund(id, { amount: 2500 })).status).toBe(201);
  });
});

describe('recovery at start', () => {
  it('completes, when started again, a charge a stopped process left processing', async () => {
    const database = await createTestDatabase('marquee_payments');
    const quiet = { ...env, RECOVERY_INTERVAL_MS: '3600000' };
    const first = await startTestPayments({ env: quiet, wrapProvider: unreliable, database });
    const body = chargeBody();
    try {
      // The first recovery pass ran at start; this charge is left for the next process.
      const lost = await inTrouble('answer-lost', () => first.charge(body, 'restart-key'));
      expect(lost.status).toBe(503);
    } finally {
      await first.close();
    }
    const second = await startTestPayments({ env: quiet, database });
    try {
      await vi.waitFor(
        async () => {
          const [row] = await queryRows<{ status: string }>(
            second.db,
            sql`SELECT status FROM payments WHERE reference = ${body.reference}`,
          );
          expect(row?.status).toBe('succeeded');
        },
        { timeout: 5_000 },
      );
      const replay = await second.charge(body, 'restart-key');
      expect(replay.status).toBe(201);
    } finally {
      await second.close();
      await database.drop();
    }
  });
});
