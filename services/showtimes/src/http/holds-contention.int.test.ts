// Many customers racing for seats over HTTP on real PostgreSQL: no seat ever has two holders, the
// losers get clean 409/422 answers (never a 5xx), rows, holds and events reconcile exactly, and
// seat maps read mid-race never show part of a hold. Run with the seat-map cache on a live Redis,
// then again after the cache's own redis-server process has been stopped (and later restarted).
import { createRedisCache, type RedisCache } from '@marquee/kit/cache';
import { createLogger } from '@marquee/kit/logging';
import { TEST_REDIS_URL, uniqueSuffix } from '@marquee/kit/testing';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { holds } from '../db/schema.ts';
import {
  grid,
  outboxEvents,
  seatRows,
  seedShowtime,
  startTestHolds,
  type Reply,
  type TestHolds,
} from './holds.test-support.ts';
import { createRedisServer, freePort, type RedisServer } from './redis-server.test-support.ts';

const logger = createLogger({ service: 'holds-test', level: 'silent' });

const seatMapOf = (t: TestHolds, showtimeId: string) =>
  t.call('GET', `/api/showtimes/${showtimeId}/seats`);

const countBy = (replies: Reply[]) => {
  const counts: Record<number, number> = {};
  for (const reply of replies) counts[reply.status] = (counts[reply.status] ?? 0) + 1;
  return counts;
};

/** A small seeded generator, so a failing race can be replayed with the same requests. */
function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Reads the seat map, a few at a time, until `race` settles: reads land early, mid and late. */
async function readSeatMapsDuring(t: TestHolds, showtimeId: string, race: Promise<unknown>) {
  let settled = false;
  const stop = () => {
    settled = true;
  };
  void race.then(stop, stop);
  const reads: Reply[] = [];
  do reads.push(...(await Promise.all([1, 2, 3].map(() => seatMapOf(t, showtimeId)))));
  while (!settled);
  return reads;
}

/**
 * Seat maps read during a race, against its outcome: each answered in full and showing only whole
 * holds of winners; and a map read afterwards agrees seat for seat with the rows.
 */
async function expectSeatMapsAgree(
  t: TestHolds,
  showtimeId: string,
  reads: Reply[],
  winners: Map<string, string[]>,
) {
  const seats = await seatRows(t.db, showtimeId);
  const holdOf = new Map(
    [...winners].flatMap(([holdId, labels]) => labels.map((l) => [l, holdId])),
  );
  for (const read of reads) {
    expect(read.status).toBe(200);
    expect(read.body.seats).toHaveLength(seats.length);
    const held = new Set<string>();
    for (const seat of read.body.seats) if (seat.state === 'held') held.add(seat.label);
    const heldHolds = new Set([...held].map((label) => holdOf.get(label)));
    expect(heldHolds).not.toContain(undefined);
    const partial = [...heldHolds].filter((h) => winners.get(h!)!.some((l) => !held.has(l)));
    expect(partial).toEqual([]);
  }
  const after = await seatMapOf(t, showtimeId);
  expect(after.status).toBe(200);
  expect(after.body.seats.map((s: { label: string; state: string }) => [s.label, s.state])).toEqual(
    seats.map((seat) => [seat.label, seat.state]),
  );
}

/** 200 customers ask for the same 4 seats at once: exactly one 201, every other a 409. */
async function raceSameSeats(t: TestHolds) {
  const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 10) });
  const wanted = ['A1', 'A2', 'A3', 'A4'];
  const customers = await Promise.all(Array.from({ length: 200 }, () => t.customer()));

  const race = Promise.all(customers.map((c) => t.hold(showtimeId, c.token, wanted)));
  const [replies, reads] = await Promise.all([race, readSeatMapsDuring(t, showtimeId, race)]);

  expect(countBy(replies)).toEqual({ 201: 1, 409: 199 });
  for (const reply of replies.filter((r) => r.status === 409)) {
    expect(reply.body.unavailable).toEqual(wanted);
  }
  const winnerIndex = replies.findIndex((reply) => reply.status === 201);
  const holdId = replies[winnerIndex]!.body.holdId;
  const seats = await seatRows(t.db, showtimeId);
  expect(seats.filter((seat) => seat.state === 'held')).toEqual(
    wanted.map((label) =>
      expect.objectContaining({ label, holdId, holderId: customers[winnerIndex]!.id }),
    ),
  );
  expect(await t.db.select().from(holds).where(eq(holds.showtimeId, showtimeId))).toHaveLength(1);
  const events = (await outboxEvents(t.db, 'seat.held.v1')).filter(
    (event) => event.showtimeId === showtimeId,
  );
  expect(events.map((event) => event.holdId)).toEqual([holdId]);
  await expectSeatMapsAgree(t, showtimeId, reads, new Map([[holdId, wanted]]));
}

const ROWS = 15;
const PER_ROW = 20;

/**
 * 500 customers each ask for a random pair of neighbouring seats on a 300-seat showtime, all at
 * once; then every seat, hold, event and seat map is checked against the 201 answers.
 */
async function racePairs(t: TestHolds, seed: number) {
  const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(ROWS, PER_ROW) });
  const random = seededRandom(seed);
  const customers = await Promise.all(Array.from({ length: 500 }, () => t.customer()));
  const asks = customers.map((customer) => {
    const row = String.fromCharCode(65 + random(ROWS));
    const first = random(PER_ROW - 1) + 1;
    return { customer, seats: [`${row}${first}`, `${row}${first + 1}`] };
  });

  const race = Promise.all(asks.map((ask) => t.hold(showtimeId, ask.customer.token, ask.seats)));
  const [replies, reads] = await Promise.all([race, readSeatMapsDuring(t, showtimeId, race)]);

  const counts = countBy(replies);
  const unexpected = replies.filter((reply) => ![201, 409, 422].includes(reply.status));
  expect(unexpected.map((reply) => [reply.status, reply.body])).toEqual([]);
  expect(counts[201]).toBeGreaterThan(0);
  expect(counts[409]).toBeGreaterThan(0);
  // 409: a seat of the pair was taken first; 422: the pair would strand a lone seat.
  expect((counts[201] ?? 0) + (counts[409] ?? 0) + (counts[422] ?? 0)).toBe(500);

  // Every 201 holds exactly the seats it was given, and every held seat belongs to a 201.
  const winners = new Map<string, { customerId: string; seats: string[] }>();
  replies.forEach((reply, i) => {
    if (reply.status !== 201) return;
    const ask = asks[i]!;
    expect(reply.body.seats).toEqual(ask.seats);
    winners.set(reply.body.holdId, { customerId: ask.customer.id, seats: ask.seats });
  });
  const seats = await seatRows(t.db, showtimeId);
  const byLabel = new Map(seats.map((seat) => [seat.label, seat]));
  for (const [holdId, winner] of winners) {
    for (const label of winner.seats) {
      expect(byLabel.get(label)).toMatchObject({
        state: 'held',
        holdId,
        holderId: winner.customerId,
      });
    }
  }
  const held = seats.filter((seat) => seat.state === 'held');
  for (const seat of held) expect(winners.get(seat.holdId!)?.seats).toContain(seat.label);
  const heldBy201 = [...winners.values()].reduce((sum, winner) => sum + winner.seats.length, 0);
  expect(held).toHaveLength(heldBy201);
  expect(seats.filter((seat) => seat.state === 'available')).toHaveLength(
    ROWS * PER_ROW - heldBy201,
  );
  expect(seats).toHaveLength(ROWS * PER_ROW);

  const holdRows = await t.db.select().from(holds).where(eq(holds.showtimeId, showtimeId));
  expect(holdRows.map((hold) => hold.id).sort()).toEqual([...winners.keys()].sort());
  const events = (await outboxEvents(t.db, 'seat.held.v1')).filter(
    (event) => event.showtimeId === showtimeId,
  );
  expect(events.map((event) => event.holdId).sort()).toEqual([...winners.keys()].sort());
  const winnerSeats = new Map([...winners].map(([holdId, winner]) => [holdId, winner.seats]));
  await expectSeatMapsAgree(t, showtimeId, reads, winnerSeats);
}

describe('holds under contention, seat-map cache on a live Redis', () => {
  let t: TestHolds;
  let cache: RedisCache;
  const prefix = `holds-test-${uniqueSuffix()}`;
  beforeAll(async () => {
    cache = createRedisCache({ url: TEST_REDIS_URL, prefix, logger });
    t = await startTestHolds({ cache });
  });
  afterAll(async () => {
    await t.close();
    const keys = await cache.redis.keys(`${prefix}:*`);
    if (keys.length > 0) await cache.redis.del(...keys);
    await cache.close();
  });

  it('200 customers racing for the same 4 seats: exactly one 201, every other a 409', async () => {
    await raceSameSeats(t);
  });

  it('500 customers after random pairs of a 300-seat showtime: no seat held twice', async () => {
    await racePairs(t, 20300);
  });
});

describe('holds under contention after the seat-map cache’s Redis is stopped', () => {
  let t: TestHolds;
  let cache: RedisCache;
  let server: RedisServer;
  const prefix = `holds-test-${uniqueSuffix()}`;
  beforeAll(async () => {
    server = createRedisServer(await freePort());
    await server.start();
    cache = createRedisCache({ url: server.url, prefix, logger });
    t = await startTestHolds({ cache });
  });
  afterAll(async () => {
    try {
      await t?.close();
      await cache?.close();
    } finally {
      await server?.kill();
    }
  });

  /** Asks the private Redis directly, on a connection of its own. */
  async function inRedis<T>(ask: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      return await ask(redis);
    } finally {
      redis.disconnect();
    }
  }
  /** Every seat map the private Redis holds for this test, by key. */
  const cachedSeatMaps = () =>
    inRedis(async (redis) => {
      const keys = await redis.keys(`${prefix}:showtime:*:seats:*`);
      const values = keys.length > 0 ? await redis.mget(...keys) : [];
      return Object.fromEntries(keys.map((key, i) => [key, JSON.parse(values[i]!) as unknown]));
    });
  const keyOf = (map: { showtimeId: string; version: number }) =>
    `${prefix}:showtime:${map.showtimeId}:seats:${map.version}`;

  /** Stops the redis-server process as an operator would, and waits until it is gone. */
  async function stopRedis() {
    await server.stop();
    await expect(cache.ping()).rejects.toThrow();
  }

  it('fills the seat-map cache on its own Redis while that runs', async () => {
    const maps = [];
    for (const rows of [grid(2, 5), grid(3, 4)]) {
      const { showtimeId } = await seedShowtime(t.db, t.clock, { rows });
      for (let i = 0; i < 2; i += 1) maps.push(await seatMapOf(t, showtimeId));
    }
    expect(maps.map((read) => read.status)).toEqual([200, 200, 200, 200]);
    expect(maps[1]!.body).toEqual(maps[0]!.body);
    expect(maps[3]!.body).toEqual(maps[2]!.body);
    expect(await cachedSeatMaps()).toEqual({
      [keyOf(maps[0]!.body)]: maps[0]!.body,
      [keyOf(maps[2]!.body)]: maps[2]!.body,
    });
  });

  it('200 customers on the same 4 seats with Redis stopped: one 201, 199 409s', async () => {
    await stopRedis();
    await raceSameSeats(t);
  });

  it('500 customers after random pairs with Redis stopped: no seat held twice', async () => {
    await stopRedis();
    await racePairs(t, 20301);
  });

  it('goes back to the cache once Redis runs again', async () => {
    await server.start();
    // A new process, nothing saved: whatever appears next was written after the restart.
    expect(await cachedSeatMaps()).toEqual({});
    // The cache reconnects on its own schedule (every 5 s at the slowest).
    await vi.waitFor(() => cache.ping(), { timeout: 10_000, interval: 100 });
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 5) });
    const read = await seatMapOf(t, showtimeId);
    expect(read.status).toBe(200);
    expect(await cachedSeatMaps()).toEqual({ [keyOf(read.body)]: read.body });
  });
});
