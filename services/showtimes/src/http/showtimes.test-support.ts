// Test support: the whole showtimes service started as in production (startShowtimes over a fresh
// PostgreSQL database) with a clock the test moves, a fake catalog over HTTP, test tokens, the
// events the outbox relay publishes, and a small JSON client.
import { randomUUID } from 'node:crypto';
import type { DeliveredMessage } from '@marquee/kit/bus';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
} from '@marquee/kit/auth';
import { createInProcessBus, type InProcessBus } from '@marquee/kit/bus';
import type { Cache } from '@marquee/kit/cache';
import type { Database } from '@marquee/kit/db';
import { createLogger } from '@marquee/kit/logging';
import type { RunningService } from '@marquee/kit/runtime';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { sql } from 'drizzle-orm';
import { startFakeCatalog, type FakeCatalog } from '../catalog/fake-catalog.test-support.ts';
import { startShowtimes } from '../service.ts';

export interface TestClock {
  now(): Date;
  set(at: Date | string): void;
  advance(seconds: number): void;
}

export function createTestClock(start = '2030-03-01T12:00:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
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

export interface TestShowtimes {
  url: string;
  db: Database;
  clock: TestClock;
  catalog: FakeCatalog;
  service: RunningService;
  tokens: { admin: string; service: string; customer: string; staff: string };
  /** A fresh customer: their id and access token. */
  customer(): Promise<{ id: string; token: string }>;
  /** Events the relay published so far (showtime.* and seat.*). */
  published: DeliveredMessage[];
  /** Waits until the relay has published everything committed so far. */
  settle(): Promise<void>;
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
  close(): Promise<void>;
}

export interface TestShowtimesOptions {
  cache?: Cache;
  env?: Record<string, string>;
  seedDemoData?: boolean;
  /** Use this catalog instead of a new one (the caller closes it). */
  catalog?: FakeCatalog;
  clock?: TestClock;
}

export async function startTestShowtimes(
  options: TestShowtimesOptions = {},
): Promise<TestShowtimes> {
  const testDb: TestDatabase = await createTestDatabase('marquee_showtimes');
  const catalog = options.catalog ?? (await startFakeCatalog());
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const logger = createLogger({ service: 'showtimes-test', level: 'silent' });
  const bus: InProcessBus = createInProcessBus({ logger });
  const published: DeliveredMessage[] = [];
  await bus.subscribe({
    queue: `test.events-${randomUUID().slice(0, 8)}`,
    bindings: ['showtime.#', 'seat.#'],
    handler: async (message) => void published.push(message),
  });
  const clock = options.clock ?? createTestClock();
  const service = await startShowtimes(
    {
      DATABASE_URL: testDb.url,
      CATALOG_URL: catalog.url,
      LOG_LEVEL: 'silent',
      PORT: '0',
      ...options.env,
    },
    {
      verifier,
      logger,
      clock: clock.now,
      handleSignals: false,
      seedDemoData: options.seedDemoData ?? false,
      shared: { bus, cache: options.cache },
    },
  );
  const sign = (claims: Record<string, unknown>) => issuer.sign(claims, { expiresIn: '1h' });

  return {
    url: service.url,
    db: service.infra.db.db,
    clock,
    catalog,
    service,
    tokens: {
      admin: await sign({ role: 'admin' }),
      service: await sign({ sub: 'operator', role: 'service' }),
      customer: await sign({ role: 'customer' }),
      staff: await sign({ role: 'staff' }),
    },
    async customer() {
      const id = randomUUID();
      return { id, token: await sign({ sub: id, role: 'customer' }) };
    },
    published,
    async settle() {
      // The relay polls the outbox; wait until no unpublished row is left, then for the handlers.
      for (let i = 0; i < 100; i++) {
        const result = (await service.infra.db.db.execute(
          sql`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
        )) as unknown as { rows: { n: number }[] };
        if (result.rows[0]?.n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await bus.whenIdle();
    },
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
      if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
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
    },
    async close() {
      await service.stop();
      await bus.close();
      if (!options.catalog) await catalog.close();
      await testDb.drop();
    },
  };
}

export const priceTable = (currency = 'EUR') => ({
  currency,
  prices: {
    standard: { adult: 900, child: 650, senior: 700 },
    premium: { adult: 1250, child: 950, senior: 1000 },
    wheelchair: { adult: 900, child: 650, senior: 700 },
    companion: { adult: 900, child: 650, senior: 700 },
  },
});
