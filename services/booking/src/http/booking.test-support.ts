// Test support: catalog (demo data), showtimes, payments and booking started in-process as in
// production, each on its own fresh PostgreSQL database, sharing one in-process bus and one clock
// the test moves; booking calls the others over HTTP with a service token. Plus a JSON client,
// customers, a showtime per test, and the money/seat invariant of docs/booking.md.
import { randomUUID } from 'node:crypto';
import { startCatalog } from '@marquee/catalog';
import { startPayments } from '@marquee/payments';
import { startShowtimes } from '@marquee/showtimes';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
  staticTokenSource,
} from '@marquee/kit/auth';
import { createInProcessBus, type DeliveredMessage, type InProcessBus } from '@marquee/kit/bus';
import { createLogger } from '@marquee/kit/logging';
import type { RunningService } from '@marquee/kit/runtime';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { sql } from 'drizzle-orm';
import type { BookingApp } from '../app.ts';
import { startBooking } from '../service.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

export interface TestClock {
  now(): Date;
  advance(seconds: number): void;
}

export const CARDS = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficient: '4000 0000 0000 9995',
  processingError: '4000 0000 0000 0119',
};

export const card = (number = CARDS.visa) => ({
  number,
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 3,
  cvc: '123',
});

export interface TestPlatform {
  clock: TestClock;
  booking: RunningService;
  showtimes: RunningService;
  payments: RunningService;
  app: BookingApp;
  bus: InProcessBus;
  published: DeliveredMessage[];
  tokens: { admin: string; staff: string; service: string };
  customer(): Promise<{ id: string; token: string }>;
  /** A new showtime on sale, `daysAhead` days from the clock, on a demo screen. */
  showtime(options?: { daysAhead?: number }): Promise<{ id: string; seats: string[] }>;
  /** Calls booking (or another service when `base` is given). */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; key?: string; base?: string },
  ): Promise<Reply>;
  /** Holds `seats` as the customer (through showtimes); fails the test if refused. */
  hold(showtimeId: string, customer: { token: string }, seats: string[]): Promise<string>;
  /** Holds `seats` as the customer and books them as adults. */
  holdAndBook(
    showtimeId: string,
    customer: { token: string },
    seats: string[],
  ): Promise<{ holdId: string; booking: Json }>;
  /** Waits until every service's outbox is relayed and the bus is idle. */
  settle(): Promise<void>;
  /** Sold seats = seats of live tickets; captured - refunded = live tickets + kept fees. */
  invariantViolations(): Promise<string[]>;
  close(): Promise<void>;
}

let nextSlot = 0;

export async function startTestPlatform(
  options: { env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const dbs: TestDatabase[] = await Promise.all(
    ['catalog', 'showtimes', 'payments', 'booking'].map((n) =>
      createTestDatabase(`marquee_bk_${n}`),
    ),
  );
  const [catalogDb, showtimesDb, paymentsDb, bookingDb] = dbs as [
    TestDatabase,
    TestDatabase,
    TestDatabase,
    TestDatabase,
  ];
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const logger = createLogger({ service: 'booking-test', level: 'silent' });
  const bus = createInProcessBus({ logger });
  const published: DeliveredMessage[] = [];
  await bus.subscribe({
    queue: `test.events-${randomUUID().slice(0, 8)}`,
    bindings: ['#'],
    handler: async (message) => void published.push(message),
  });
  let offsetMs = 0;
  const clock: TestClock = {
    now: () => new Date(Date.now() + offsetMs),
    advance: (seconds) => void (offsetMs += seconds * 1000),
  };
  const sign = (claims: Record<string, unknown>) => issuer.sign(claims, { expiresIn: '1h' });
  const common = { verifier, logger, handleSignals: false, shared: { bus } };
  const env = (db: TestDatabase, extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...extra,
  });

  const catalog = await startCatalog(env(catalogDb), { ...common, seedDemoData: true });
  const showtimes = await startShowtimes(env(showtimesDb, { CATALOG_URL: catalog.url }), {
    ...common,
    clock: clock.now,
  });
  const payments = await startPayments(env(paymentsDb), { ...common, clock: clock.now });
  let app: BookingApp | undefined;
  const booking = await startBooking(
    env(bookingDb, {
      SHOWTIMES_URL: showtimes.url,
      PAYMENTS_URL: payments.url,
      RECOVERY_INTERVAL_MS: '600000',
      ...options.env,
    }),
    {
      ...common,
      clock: clock.now,
      tokens: staticTokenSource(() => sign({ sub: 'booking', role: 'service' })),
      onBuilt: (built) => void (app = built),
    },
  );
  const tokens = {
    admin: await sign({ sub: randomUUID(), role: 'admin' }),
    staff: await sign({ sub: randomUUID(), role: 'staff' }),
    service: await sign({ sub: 'booking', role: 'service' }),
  };

  const call: TestPlatform['call'] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = {};
    if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
    if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
    if (callOptions.key) headers['idempotency-key'] = callOptions.key;
    const response = await fetch(`${callOptions.base ?? booking.url}${path}`, {
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
  };
  const hold: TestPlatform['hold'] = async (showtimeId, customer, seats) => {
    const held = await call('POST', `/api/showtimes/${showtimeId}/holds`, {
      base: showtimes.url,
      token: customer.token,
      body: { seats },
    });
    if (held.status !== 201) throw new Error(`hold failed: ${JSON.stringify(held.body)}`);
    return held.body.holdId as string;
  };

  const theaters = (await call('GET', '/api/theaters', { base: catalog.url })).body.items as Json[];
  const screens: { theaterId: string; screenId: string }[] = [];
  for (const theater of theaters) {
    const list = (await call('GET', `/api/theaters/${theater.id}/screens`, { base: catalog.url }))
      .body;
    for (const screen of list.items ?? list)
      screens.push({ theaterId: theater.id, screenId: screen.id });
  }
  const movies = (await call('GET', '/api/movies', { base: catalog.url })).body.items as Json[];

  async function scheduleOne(showtimeOptions: { daysAhead?: number }) {
    const slot = nextSlot++;
    const screen = screens[slot % screens.length]!;
    const startsAt = new Date(
      clock.now().getTime() +
        (showtimeOptions.daysAhead ?? 10) * 86_400_000 +
        Math.floor(slot / screens.length) * 5 * 3_600_000,
    );
    startsAt.setUTCSeconds(0, 0);
    const created = await call('POST', '/api/showtimes', {
      base: showtimes.url,
      token: tokens.admin,
      body: {
        movieId: movies[0].id,
        theaterId: screen.theaterId,
        screenId: screen.screenId,
        startsAt: startsAt.toISOString(),
        salesOpenAt: new Date(clock.now().getTime() - 86_400_000).toISOString(),
        priceTable: {
          currency: 'EUR',
          prices: {
            standard: { adult: 1000, child: 700, senior: 800 },
            premium: { adult: 1400, child: 1000, senior: 1100 },
            wheelchair: { adult: 1000, child: 700, senior: 800 },
            companion: { adult: 1000, child: 700, senior: 800 },
          },
        },
      },
    });
    if (created.status !== 201)
      throw new Error(`showtime not created: ${JSON.stringify(created.body)}`);
    const map = await call('GET', `/api/showtimes/${created.body.id}/seats`, {
      base: showtimes.url,
    });
    const seats = (map.body.seats as Json[])
      .filter((s) => s.category === 'standard')
      .map((s) => s.label as string);
    return { id: created.body.id as string, seats };
  }

  const services = [booking, payments, showtimes, catalog];
  const platform: TestPlatform = {
    clock,
    booking,
    showtimes,
    payments,
    get app() {
      return app!;
    },
    bus,
    published,
    tokens,
    async customer() {
      const id = randomUUID();
      return { id, token: await sign({ sub: id, role: 'customer' }) };
    },
    async showtime(showtimeOptions = {}) {
      // Some demo screens have no standard seats: try the next screen until one has.
      for (let tries = 0; tries < screens.length; tries++) {
        const made = await scheduleOne(showtimeOptions);
        if (made.seats.length >= 10) return made;
      }
      throw new Error('no demo screen with standard seats');
    },
    call,
    hold,
    async holdAndBook(showtimeId, customer, seats) {
      const holdId = await hold(showtimeId, customer, seats);
      const created = await call('POST', '/api/bookings', {
        token: customer.token,
        key: randomUUID(),
        body: {
          holdId,
          tickets: seats.map((seat) => ({ seat, ticketType: 'adult' })),
        },
      });
      if (created.status !== 201)
        throw new Error(`booking failed: ${JSON.stringify(created.body)}`);
      return { holdId, booking: created.body };
    },
    async settle() {
      for (let round = 0; round < 3; round++) {
        for (const service of services) {
          for (let i = 0; i < 200; i++) {
            const result = (await service.infra.db.db.execute(
              sql`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
            )) as unknown as { rows: { n: number }[] };
            if (result.rows[0]?.n === 0) break;
            await new Promise((r) => setTimeout(r, 25));
          }
        }
        await bus.whenIdle();
      }
    },
    async invariantViolations() {
      const rows = async (service: RunningService, query: ReturnType<typeof sql>) =>
        ((await service.infra.db.db.execute(query)) as unknown as { rows: Json[] }).rows;
      const sold = await rows(
        showtimes,
        sql`SELECT showtime_id, label FROM seats WHERE state = 'sold' ORDER BY 1, 2`,
      );
      const ticketed = await rows(
        booking,
        sql`SELECT b.showtime_id, i.seat AS label FROM booking_items i JOIN bookings b ON b.id = i.booking_id
            WHERE b.status = 'confirmed' AND i.cancelled_at IS NULL ORDER BY 1, 2`,
      );
      const key = (r: Json) => `${r.showtime_id}/${r.label}`;
      const problems: string[] = [];
      const soldSet = new Set(sold.map(key));
      const ticketSet = new Set(ticketed.map(key));
      for (const k of soldSet) if (!ticketSet.has(k)) problems.push(`sold without a ticket: ${k}`);
      for (const k of ticketSet)
        if (!soldSet.has(k)) problems.push(`ticket without a sold seat: ${k}`);
      const [money] = await rows(
        payments,
        sql`SELECT coalesce(sum(captured_amount), 0)::int AS captured, coalesce(sum(refunded_amount), 0)::int AS refunded FROM payments`,
      );
      const [value] = await rows(
        booking,
        sql`SELECT coalesce(sum(i.price - 0), 0)::int AS live,
              coalesce((SELECT sum(ci.price - ci.refunded_amount) FROM booking_items ci
                JOIN bookings cb ON cb.id = ci.booking_id
                WHERE ci.cancelled_at IS NOT NULL AND cb.payment_id IS NOT NULL), 0)::int AS fees
            FROM booking_items i JOIN bookings b ON b.id = i.booking_id
            WHERE b.status = 'confirmed' AND i.cancelled_at IS NULL`,
      );
      const net = money.captured - money.refunded;
      if (net !== value.live + value.fees) {
        problems.push(
          `captured - refunded = ${net}, live tickets ${value.live} + kept fees ${value.fees}`,
        );
      }
      return problems;
    },
    async close() {
      for (const service of services) await service.stop();
      await bus.close();
      await Promise.all(dbs.map((db) => db.drop()));
    },
  };
  return platform;
}
