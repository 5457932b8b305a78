// The seat map over HTTP: shape and prices, the version behind the ETag (it moves on every seat
// change and when a hold runs out), 304 while nothing changed, and the same answers whether the
// cache is Redis, or Redis that cannot be reached.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { SeatLayout } from '@marquee/contracts/layouts';
import { createRedisCache } from '@marquee/kit/cache';
import { createLogger } from '@marquee/kit/logging';
import { TEST_REDIS_URL, uniqueSuffix } from '@marquee/kit/testing';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  priceTable,
  startTestShowtimes,
  type Json,
  type TestShowtimes,
} from './showtimes.test-support.ts';

const logger = createLogger({ service: 'seat-map-test', level: 'silent' });

/** A port nothing listens on (it was free a moment ago). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

// Row B before row AA would be wrong: rows are ordered front to back as in the layout.
const layout: SeatLayout = {
  rows: [
    {
      name: 'A',
      seats: [
        { label: 'A1', category: 'wheelchair' },
        { label: 'A2', category: 'companion' },
        null,
        { label: 'A3', category: 'standard' },
      ],
    },
    {
      name: 'B',
      seats: [
        { label: 'B1', category: 'premium' },
        { label: 'B2', category: 'premium' },
      ],
    },
  ],
};

async function scheduleOn(t: TestShowtimes, startsAt = '2030-03-05T19:30:00Z') {
  const theaterId = t.catalog.addTheater().id;
  const screenId = t.catalog.addScreen(theaterId, layout).id;
  const movieId = t.catalog.addMovie().id;
  const res = await t.call('POST', '/api/showtimes', {
    body: { movieId, theaterId, screenId, startsAt, priceTable: priceTable() },
    token: t.tokens.admin,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function maxSeq(t: TestShowtimes, showtimeId: string): Promise<number> {
  const result = (await t.db.execute(
    sql`SELECT max(change_seq) AS seq FROM seats WHERE showtime_id = ${showtimeId}`,
  )) as unknown as { rows: { seq: string }[] };
  return Number(result.rows[0]!.seq);
}

function holdSeats(t: TestShowtimes, showtimeId: string, labels: string[], until: string) {
  return t.db.execute(sql`
    UPDATE seats SET state = 'held', hold_id = ${randomUUID()}, holder_id = ${randomUUID()},
      held_until = ${until}, change_seq = nextval('seat_change_seq')
    WHERE showtime_id = ${showtimeId} AND label IN (${sql.join(
      labels.map((l) => sql`${l}`),
      sql`, `,
    )})`);
}

const stateOf = (body: Json, label: string) =>
  body.seats.find((s: Json) => s.label === label)?.state;

/** The behaviour every cache must give; `t` is read when the tests run. */
function describeSeatMap(title: string, context: () => TestShowtimes) {
  describe(title, () => {
    it('lists every seat with its row, position, category, prices and state', async () => {
      const t = context();
      const id = await scheduleOn(t);
      const res = await t.call('GET', `/api/showtimes/${id}/seats`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.body).toMatchObject({ showtimeId: id, currency: 'EUR' });
      expect(res.body.seats).toEqual([
        {
          label: 'A1',
          row: 'A',
          position: 0,
          category: 'wheelchair',
          state: 'available',
          prices: { adult: 900, child: 650, senior: 700 },
        },
        {
          label: 'A2',
          row: 'A',
          position: 1,
          category: 'companion',
          state: 'available',
          prices: { adult: 900, child: 650, senior: 700 },
        },
        {
          label: 'A3',
          row: 'A',
          position: 3,
          category: 'standard',
          state: 'available',
          prices: { adult: 900, child: 650, senior: 700 },
        },
        {
          label: 'B1',
          row: 'B',
          position: 0,
          category: 'premium',
          state: 'available',
          prices: { adult: 1250, child: 950, senior: 1000 },
        },
        {
          label: 'B2',
          row: 'B',
          position: 1,
          category: 'premium',
          state: 'available',
          prices: { adult: 1250, child: 950, senior: 1000 },
        },
      ]);
      expect(res.body.version).toBe((await maxSeq(t, id)) * 10_000);
      expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
      expect((await t.call('GET', `/api/showtimes/${randomUUID()}/seats`)).status).toBe(404);
    });

    it('answers 304 while nothing changed and a new version after a hold, its expiry and a sweep', async () => {
      const t = context();
      const id = await scheduleOn(t);
      const first = await t.call('GET', `/api/showtimes/${id}/seats`);
      const etag = first.headers.get('etag')!;
      const same = await t.call('GET', `/api/showtimes/${id}/seats`, {
        headers: { 'if-none-match': etag },
      });
      expect(same.status).toBe(304);
      expect(same.headers.get('etag')).toBe(etag);

      await holdSeats(t, id, ['B1', 'B2'], '2030-03-01T12:08:00Z');
      const held = await t.call('GET', `/api/showtimes/${id}/seats`, {
        headers: { 'if-none-match': etag },
      });
      expect(held.status).toBe(200);
      expect(held.body.version).toBe((await maxSeq(t, id)) * 10_000);
      expect(held.body.version).toBeGreaterThan(first.body.version);
      expect([stateOf(held.body, 'B1'), stateOf(held.body, 'B2')]).toEqual(['held', 'held']);

      // The hold runs out: no row changes, yet the map does, and so does its version.
      t.clock.advance(8 * 60);
      try {
        const expired = await t.call('GET', `/api/showtimes/${id}/seats`, {
          headers: { 'if-none-match': held.headers.get('etag')! },
        });
        expect(expired.status).toBe(200);
        expect(expired.body.version).toBe(held.body.version + 2);
        expect(stateOf(expired.body, 'B1')).toBe('available');
        const unchanged = await t.call('GET', `/api/showtimes/${id}/seats`, {
          headers: { 'if-none-match': `W/"1", ${expired.headers.get('etag')}` },
        });
        expect(unchanged.status).toBe(304);

        // Sweeping the expired seats lowers the second term but raises the first: still newer.
        await t.db.execute(sql`
          UPDATE seats SET state = 'available', hold_id = NULL, holder_id = NULL,
            held_until = NULL, change_seq = nextval('seat_change_seq')
          WHERE showtime_id = ${id} AND state = 'held'`);
        const swept = await t.call('GET', `/api/showtimes/${id}/seats`);
        expect(swept.body.version).toBeGreaterThan(expired.body.version);
        expect(swept.body.seats.map((s: Json) => s.state)).toEqual(Array(5).fill('available'));
      } finally {
        t.clock.set('2030-03-01T12:00:00Z');
      }
    });

    it('moves the version when the price table changes', async () => {
      const t = context();
      const id = await scheduleOn(t);
      const before = await t.call('GET', `/api/showtimes/${id}/seats`);
      const dearer = priceTable();
      dearer.prices.premium.adult = 1500;
      const patched = await t.call('PATCH', `/api/showtimes/${id}`, {
        body: { priceTable: dearer },
        token: t.tokens.admin,
      });
      expect(patched.status).toBe(200);
      const after = await t.call('GET', `/api/showtimes/${id}/seats`, {
        headers: { 'if-none-match': before.headers.get('etag')! },
      });
      expect(after.status).toBe(200);
      expect(after.body.seats.find((s: Json) => s.label === 'B1').prices.adult).toBe(1500);
    });
  });
}

describe('seat map with Redis', () => {
  let t: TestShowtimes;
  let redis: Redis;
  const prefix = `showtimes-test-${uniqueSuffix()}`;
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    t = await startTestShowtimes({ cache: createRedisCache({ redis, prefix, logger }) });
  });
  afterAll(async () => {
    await t.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  describeSeatMap('served through Redis', () => t);

  it('caches the rendered map under the showtime and its version', async () => {
    const id = await scheduleOn(t, '2030-03-08T19:30:00Z');
    const res = await t.call('GET', `/api/showtimes/${id}/seats`);
    const cached = await redis.get(`${prefix}:showtime:${id}:seats:${res.body.version}`);
    expect(JSON.parse(cached!)).toEqual(res.body);
    const ttl = await redis.ttl(`${prefix}:showtime:${id}:seats:${res.body.version}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });
});

describe('seat map with Redis out of reach', () => {
  let t: TestShowtimes;
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(`redis://127.0.0.1:${await closedPort()}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    const cache = createRedisCache({ redis, prefix: 'unreachable', logger, commandTimeoutMs: 100 });
    t = await startTestShowtimes({ cache });
  });
  afterAll(async () => {
    await t.close();
    redis.disconnect();
  });

  describeSeatMap('served from PostgreSQL alone', () => t);
});
