// Many customers racing for seats over HTTP on real PostgreSQL: no seat ever has two holders, the
// losers get clean 409/422 answers (never a 5xx), and rows, holds and events reconcile exactly,
// with the seat-map cache on a Redis that is down as well as without it.
import { createServer } from 'node:net';
import { createRedisCache, type RedisCache } from '@marquee/kit/cache';
import { createLogger } from '@marquee/kit/logging';
import { uniqueSuffix } from '@marquee/kit/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const holdFor = (t: TestHolds, showtimeId: string, token: string, seats: string[]) =>
  t.call('POST', `/api/showtimes/${showtimeId}/holds`, { token, body: { seats } });

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

const ROWS = 15;
const PER_ROW = 20;

/**
 * 500 customers each ask for a random pair of neighbouring seats on a 300-seat showtime, all at
 * once; then every seat, hold and event is checked against the 201 answers.
 */
async function racePairs(
  t: TestHolds,
  seed: number,
  during?: (showtimeId: string) => Promise<Reply[]>,
) {
  const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(ROWS, PER_ROW) });
  const random = seededRandom(seed);
  const customers = await Promise.all(Array.from({ length: 500 }, () => t.customer()));
  const asks = customers.map((customer) => {
    const row = String.fromCharCode(65 + random(ROWS));
    const first = random(PER_ROW - 1) + 1;
    return { customer, seats: [`${row}${first}`, `${row}${first + 1}`] };
  });

  const [replies, sideReplies = []] = await Promise.all([
    Promise.all(asks.map((ask) => holdFor(t, showtimeId, ask.customer.token, ask.seats))),
    during?.(showtimeId),
  ]);

  const counts = countBy(replies);
  const unexpected = replies.filter((reply) => ![201, 409, 422].includes(reply.status));
  expect(unexpected.map((reply) => [reply.status, reply.body])).toEqual([]);
  expect(counts[201]).toBeGreaterThan(0);
  expect(counts[409]).toBeGreaterThan(0);
  for (const reply of sideReplies) expect(reply.status).toBe(200);

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
  return counts;
}

describe('holds under contention', () => {
  let t: TestHolds;
  beforeAll(async () => {
    t = await startTestHolds();
  });
  afterAll(() => t.close());

  it('200 customers racing for the same 4 seats: exactly one 201, every other a 409', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 10) });
    const wanted = ['A1', 'A2', 'A3', 'A4'];
    const customers = await Promise.all(Array.from({ length: 200 }, () => t.customer()));

    const replies = await Promise.all(
      customers.map((customer) => holdFor(t, showtimeId, customer.token, wanted)),
    );

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
  });

  it('500 customers after random pairs of a 300-seat showtime: no seat held twice', async () => {
    const counts = await racePairs(t, 20300);
    // 409: a seat of the pair was taken first; 422: the pair would strand a lone seat.
    expect((counts[201] ?? 0) + (counts[409] ?? 0) + (counts[422] ?? 0)).toBe(500);
  });
});

describe('holds while Redis is down', () => {
  let t: TestHolds;
  let cache: RedisCache;
  beforeAll(async () => {
    cache = createRedisCache({
      url: `redis://127.0.0.1:${await closedPort()}`,
      prefix: `holds-test-${uniqueSuffix()}`,
      logger: createLogger({ service: 'holds-test', level: 'silent' }),
    });
    t = await startTestHolds({ cache });
  });
  afterAll(async () => {
    await t.close();
    await cache.close();
  });

  it('takes the same race with the service seat-map cache on an unreachable Redis', async () => {
    await expect(cache.ping()).rejects.toThrow();
    // Seat maps read through the dead cache while the holds race, to show both keep working.
    const counts = await racePairs(t, 20301, (showtimeId) =>
      Promise.all(
        Array.from({ length: 20 }, () => t.call('GET', `/api/showtimes/${showtimeId}/seats`)),
      ),
    );
    expect((counts[201] ?? 0) + (counts[409] ?? 0) + (counts[422] ?? 0)).toBe(500);
  });
});

/** A port nothing listens on: bound, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
