// Test support: the whole payments service started as in production (startPayments over a fresh
// PostgreSQL database) with a clock the test moves, test tokens, the events the outbox relay
// publishes, and a small JSON client that sends an Idempotency-Key.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
} from '@marquee/kit/auth';
import { createInProcessBus, type DeliveredMessage, type InProcessBus } from '@marquee/kit/bus';
import type { Database } from '@marquee/kit/db';
import { createLogger } from '@marquee/kit/logging';
import type { RunningService } from '@marquee/kit/runtime';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { sql } from 'drizzle-orm';
import type { PaymentProvider } from '../domain/provider.ts';
import { startPayments } from '../service.ts';

export interface TestClock {
  now(): Date;
  advance(seconds: number): void;
}

export function createTestClock(start = '2030-03-01T12:00:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(seconds) {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  /** Sent as Idempotency-Key; `null` sends none. Defaults to a fresh key. */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface TestPayments {
  url: string;
  db: Database;
  clock: TestClock;
  service: RunningService;
  tokens: { admin: string; service: string; otherService: string; customer: string; staff: string };
  published: DeliveredMessage[];
  /** Waits until the relay has published everything committed so far. */
  settle(): Promise<void>;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** POST /api/payments as the service token. */
  charge(body: unknown, key?: string): Promise<Reply>;
  refund(paymentId: string, body?: unknown, key?: string): Promise<Reply>;
  close(): Promise<void>;
}

export interface TestPaymentsOptions {
  env?: Record<string, string>;
  clock?: TestClock;
  wrapProvider?: (provider: PaymentProvider) => PaymentProvider;
  /** Start over this database (a restart) instead of a fresh one; the caller drops it. */
  database?: TestDatabase;
  /** Run on embedded PGlite in a scratch folder (what `npm start` does) instead of PostgreSQL. */
  embedded?: boolean;
}

export async function startTestPayments(options: TestPaymentsOptions = {}): Promise<TestPayments> {
  const testDb: TestDatabase | undefined = options.embedded
    ? undefined
    : (options.database ?? (await createTestDatabase('marquee_payments')));
  const dataDir = options.embedded ? await mkdtemp(join(tmpdir(), 'marquee-payments-')) : undefined;
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const logger = createLogger({ service: 'payments-test', level: 'silent' });
  const bus: InProcessBus = createInProcessBus({ logger });
  const published: DeliveredMessage[] = [];
  await bus.subscribe({
    queue: `test.events-${randomUUID().slice(0, 8)}`,
    bindings: ['payment.#'],
    handler: async (message) => void published.push(message),
  });
  const clock = options.clock ?? createTestClock();
  const service = await startPayments(
    {
      ...(testDb ? { DATABASE_URL: testDb.url } : { DATA_DIR: dataDir }),
      LOG_LEVEL: 'silent',
      PORT: '0',
      MOCK_PROVIDER_SLOW_MS: '1500',
      PROCESSING_TIMEOUT_SECONDS: '60',
      ...options.env,
    },
    {
      verifier,
      logger,
      clock: clock.now,
      handleSignals: false,
      shared: { bus },
      wrapProvider: options.wrapProvider,
    },
  );
  const sign = (claims: Record<string, unknown>) => issuer.sign(claims, { expiresIn: '1h' });
  const tokens = {
    admin: await sign({ role: 'admin' }),
    service: await sign({ sub: 'booking', role: 'service' }),
    otherService: await sign({ sub: 'reporting', role: 'service' }),
    customer: await sign({ role: 'customer' }),
    staff: await sign({ role: 'staff' }),
  };

  async function call(method: string, path: string, callOptions: CallOptions = {}) {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
    if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
    if (callOptions.key !== null && method !== 'GET') {
      headers['idempotency-key'] = callOptions.key ?? randomUUID();
    }
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers,
      body: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      headers: response.headers,
    };
  }

  return {
    url: service.url,
    db: service.infra.db.db,
    clock,
    service,
    tokens,
    published,
    async settle() {
      for (let i = 0; i < 100; i++) {
        const result = (await service.infra.db.db.execute(
          sql`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        )) as unknown as { rows: { n: number }[] };
        if (result.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await bus.whenIdle();
    },
    call,
    charge: (body, key) => call('POST', '/api/payments', { body, key, token: tokens.service }),
    refund: (paymentId, body = {}, key) =>
      call('POST', `/api/payments/${paymentId}/refunds`, { body, key, token: tokens.service }),
    async close() {
      await service.stop();
      await bus.close();
      if (testDb && !options.database) await testDb.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A charge request body; `number` is one of TEST_CARDS (spaces allowed). */
export const chargeBody = (
  number = '4242 4242 4242 4242',
  overrides: Record<string, unknown> = {},
) => ({
  amount: 2500,
  currency: 'EUR',
  reference: `booking:${randomUUID()}`,
  description: 'Two tickets',
  card: { number, expMonth: 12, expYear: 2031, cvc: number.startsWith('37') ? '7373' : '987' },
  ...overrides,
});
