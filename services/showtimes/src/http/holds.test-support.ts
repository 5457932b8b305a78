// Test support for holds: the hold routes in-process on port 0 over a fresh PostgreSQL database,
// a clock the test moves, showtimes and seats written straight into the tables, and an HTTP
// client on keep-alive connections (hundreds of requests in flight reuse a few dozen sockets).
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  showtimeEventSchemas,
  type ShowtimeEventPayload,
  type ShowtimeEventType,
} from '@marquee/contracts/showtime-events';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
  type TestIssuer,
} from '@marquee/kit/auth';
import { openDatabase, type Database } from '@marquee/kit/db';
import { createRoutes, createServiceApp, listen } from '@marquee/kit/http';
import type { Cache } from '@marquee/kit/cache';
import { createLogger } from '@marquee/kit/logging';
import { createTestDatabase } from '@marquee/kit/testing';
import { asc, eq } from 'drizzle-orm';
import { buildShowtimes } from '../app.ts';
import type { CatalogClient } from '../catalog/catalog.client.ts';
import { showtimesConfigSchema, type ShowtimesConfig } from '../config.ts';
import { outbox, seats, showtimes } from '../db/schema.ts';
import { createHoldSweeper, type HoldSweeper } from '../domain/hold-sweeper.ts';
import type { HoldsConfig, HoldsDeps } from '../domain/holds.service.ts';
import { addHoldRoutes } from './holds.routes.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Config defaults of the service, with the test's changes on top. */
export const testConfig = (overrides: Partial<HoldsConfig> = {}): ShowtimesConfig => ({
  ...showtimesConfigSchema.parse({}),
  ...overrides,
});

// Holds never ask the catalog; any call would be a wiring mistake worth failing on.
const noCatalog = new Proxy({} as CatalogClient, {
  get: () => () => Promise.reject(new Error('the holds tests give no catalog')),
});

export interface TestClock {
  now(): Date;
  set(at: Date | string): void;
  advance(seconds: number): void;
}

export function createTestClock(start = '2030-03-01T18:00:00Z'): TestClock {
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
export interface Reply<B = any> {
  status: number;
  body: B;
  headers: Record<string, string | string[] | undefined>;
}

export interface TestHolds {
  url: string;
  db: Database;
  clock: TestClock;
  issuer: TestIssuer;
  sweeper: HoldSweeper;
  /** Showtimes whose seats a commit changed, in order. */
  seatChanges: string[];
  /** How often the outbox relay was woken. */
  outboxWakeUps(): number;
  /** A fresh customer: their id and access token. */
  customer(): Promise<{ id: string; token: string }>;
  tokens: { admin: string; service: string; staff: string };
  call(method: string, path: string, options?: { body?: unknown; token?: string }): Promise<Reply>;
  /** POST /api/showtimes/{id}/holds as the holder of `token`. */
  hold(showtimeId: string, token: string, seats: string[]): Promise<Reply>;
  /** The showtime's seat rows as stored, by label. */
  seatsByLabel(
    showtimeId: string,
  ): Promise<Map<string, Awaited<ReturnType<typeof seatRows>>[number]>>;
  close(): Promise<void>;
}

export interface TestHoldsOptions {
  config?: Partial<HoldsConfig>;
  /**
   * Serve through the service's own composition (buildShowtimes) with this seat-map cache,
   * instead of the hold routes alone; `seatChanges` then stays empty.
   */
  cache?: Cache;
  poolMax?: number;
}

export async function startTestHolds(options: TestHoldsOptions = {}): Promise<TestHolds> {
  const testDb = await createTestDatabase('marquee_holds');
  const logger = createLogger({ service: 'holds-test', level: 'silent' });
  const database = await openDatabase({
    url: testDb.url,
    migrationsFolder,
    logger,
    poolMax: options.poolMax ?? 10,
  });
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const clock = createTestClock();
  const seatChanges: string[] = [];
  let wakeUps = 0;
  const config = testConfig(options.config);
  const deps: HoldsDeps = {
    db: database.db,
    clock: clock.now,
    config,
    logger,
    notifyOutbox: () => {
      wakeUps += 1;
    },
    onSeatsChanged: (showtimeId) => seatChanges.push(showtimeId),
  };
  const routes = options.cache
    ? buildShowtimes({ ...deps, config, verifier, cache: options.cache, catalog: noCatalog }).routes
    : createRoutes({ verifier });
  if (!options.cache) addHoldRoutes(routes, deps);
  const app = createServiceApp({ name: 'showtimes', logger, routes });
  const server = await listen(app, { port: 0 });
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const sign = (claims: Record<string, unknown>) => issuer.sign(claims, { expiresIn: '1h' });

  return {
    url: server.url,
    db: database.db,
    clock,
    issuer,
    sweeper: createHoldSweeper(deps, { batchSize: 50 }),
    seatChanges,
    outboxWakeUps: () => wakeUps,
    async customer() {
      const id = randomUUID();
      return { id, token: await sign({ sub: id, role: 'customer' }) };
    },
    tokens: {
      admin: await sign({ role: 'admin' }),
      service: await sign({ sub: 'booking', role: 'service' }),
      staff: await sign({ role: 'staff' }),
    },
    call: (method, path, callOptions = {}) =>
      send(agent, `${server.url}${path}`, method, callOptions),
    hold: (showtimeId, token, seats) =>
      send(agent, `${server.url}/api/showtimes/${showtimeId}/holds`, 'POST', {
        token,
        body: { seats },
      }),
    async seatsByLabel(showtimeId) {
      return new Map((await seatRows(database.db, showtimeId)).map((seat) => [seat.label, seat]));
    },
    async close() {
      agent.destroy();
      await server.close(1_000);
      await database.close();
      await testDb.drop();
    },
  };
}

function send(
  agent: Agent,
  url: string,
  method: string,
  options: { body?: unknown; token?: string },
): Promise<Reply> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : undefined,
          headers: res.headers,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface SeededShowtime {
  showtimeId: string;
  /** Every seat label, row by row. */
  labels: string[];
}

export interface ShowtimeShape {
  /** Rows front to back; each a string of seat kinds: s standard, p premium, w wheelchair, c companion, . gap. */
  rows: string[];
  salesOpenAt?: Date;
  salesCloseAt?: Date;
  status?: 'scheduled' | 'cancelled';
  /** A chosen id (default: a random one). */
  showtimeId?: string;
}

const CATEGORY = { s: 'standard', p: 'premium', w: 'wheelchair', c: 'companion' } as const;
const price = { adult: 1000, child: 700, senior: 800 };

/** A grid of `rows` x `perRow` standard seats labelled A1, A2, ... */
export const grid = (rows: number, perRow: number): string[] =>
  Array.from({ length: rows }, () => 's'.repeat(perRow));

/** Writes a showtime (on sale from a day before the clock to a day after) and its seats. */
export async function seedShowtime(
  db: Database,
  clock: TestClock,
  shape: ShowtimeShape,
): Promise<SeededShowtime> {
  const showtimeId = shape.showtimeId ?? randomUUID();
  const day = 24 * 3600 * 1000;
  const now = clock.now().getTime();
  const startsAt = new Date(now + 2 * day);
  await db.insert(showtimes).values({
    id: showtimeId,
    movieId: randomUUID(),
    theaterId: randomUUID(),
    screenId: randomUUID(),
    layoutVersion: 1,
    timeZone: 'Europe/Lisbon',
    movieTitle: 'Test Feature',
    runtimeMinutes: 100,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 135 * 60 * 1000),
    priceTable: {
      currency: 'EUR',
      prices: { standard: price, premium: price, wheelchair: price, companion: price },
    },
    salesOpenAt: shape.salesOpenAt ?? new Date(now - day),
    salesCloseAt: shape.salesCloseAt ?? new Date(now + day),
    status: shape.status ?? 'scheduled',
  });
  const rows = shape.rows.flatMap((kinds, r) => {
    const rowName = String.fromCharCode(65 + r);
    let number = 0;
    return [...kinds].flatMap((kind, position) => {
      if (kind === '.') return [];
      number += 1;
      const category = CATEGORY[kind as keyof typeof CATEGORY];
      return [{ showtimeId, label: `${rowName}${number}`, rowName, position, category }];
    });
  });
  await db.insert(seats).values(rows);
  return { showtimeId, labels: rows.map((seat) => seat.label) };
}

export const seatRows = (db: Database, showtimeId: string) =>
  db
    .select()
    .from(seats)
    .where(eq(seats.showtimeId, showtimeId))
    .orderBy(asc(seats.rowName), asc(seats.position));

/** Outbox events of one type, their payloads checked against the published contract. */
export async function outboxEvents<T extends ShowtimeEventType>(
  db: Database,
  type: T,
): Promise<ShowtimeEventPayload<T>[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(eq(outbox.type, type))
    .orderBy(asc(outbox.occurredAt));
  return rows.map(
    (row) => showtimeEventSchemas[type].parse(row.payload) as ShowtimeEventPayload<T>,
  );
}
