// Best-available holds over HTTP on real PostgreSQL: the request's validation, the block chosen,
// and a rush of customers asking for pairs: no seat held twice, every hold side by side, every
// loser a clean 409, rows and holds reconciling exactly.
import { createMemoryCache } from '@marquee/kit/cache';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holds } from '../db/schema.ts';
import { rankBestAvailable } from '../domain/best-available.ts';
import { seatMap } from '../domain/seat-map.fixture.ts';
import {
  grid,
  seatRows,
  seedShowtime,
  startTestHolds,
  type TestHolds,
} from './holds.test-support.ts';

const bestAvailable = (t: TestHolds, showtimeId: string, token: string, body: unknown) =>
  t.call('POST', `/api/showtimes/${showtimeId}/holds`, { token, body });

describe('best-available holds', () => {
  let t: TestHolds;
  beforeAll(async () => {
    t = await startTestHolds({ cache: createMemoryCache() });
  });
  afterAll(async () => {
    await t.close();
  });

  it('holds one of the best pairs (the middle of the row two thirds back) when all is free', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(4, 6) });
    const { token, id } = await t.customer();
    const reply = await bestAvailable(t, showtimeId, token, { quantity: 2 });
    expect(reply.status).toBe(201);
    const drawn = { A: 'oooooo', B: 'oooooo', C: 'oooooo', D: 'oooooo' };
    const best = rankBestAvailable(seatMap(drawn), { quantity: 2, customerId: id }).map(
      (block) => block.seats,
    );
    expect(best[0]).toEqual(['C3', 'C4']);
    expect(best).toContainEqual(reply.body.seats);
    const rows = await seatRows(t.db, showtimeId);
    const held = rows.filter((seat) => seat.state === 'held').map((seat) => seat.label);
    expect(held.sort()).toEqual([...reply.body.seats].sort());
  });

  it('refuses a request that names seats and a quantity, or neither, naming the field', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 4) });
    const { token } = await t.customer();
    const both = await bestAvailable(t, showtimeId, token, { seats: ['A1'], quantity: 1 });
    expect(both.status).toBe(400);
    expect(both.body.errors.map((e: { field: string }) => e.field)).toContain('body.quantity');
    const neither = await bestAvailable(t, showtimeId, token, {});
    expect(neither.status).toBe(400);
    expect(neither.body.errors.map((e: { field: string }) => e.field)).toContain('body.seats');
    const loneCategory = await bestAvailable(t, showtimeId, token, {
      seats: ['A1'],
      category: 'premium',
    });
    expect(loneCategory.status).toBe(400);
    expect((await seatRows(t.db, showtimeId)).every((seat) => seat.state === 'available')).toBe(
      true,
    );
  });

  it('answers 409 no_best_available when no block of that size is left', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: ['sss'] });
    const first = await t.customer();
    expect((await bestAvailable(t, showtimeId, first.token, { quantity: 3 })).status).toBe(201);
    const second = await t.customer();
    const reply = await bestAvailable(t, showtimeId, second.token, { quantity: 1 });
    expect(reply.status).toBe(409);
    expect(reply.body.reason).toBe('no_best_available');
  });

  it('still applies the per-hold limit to the quantity asked for', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: ['s'.repeat(20)] });
    const { token } = await t.customer();
    const reply = await bestAvailable(t, showtimeId, token, { quantity: 12 });
    expect(reply.status).toBe(422);
    expect(reply.body.violations.map((v: { rule: string }) => v.rule)).toContain('too_many_seats');
  });

  it('160 customers rushing for pairs of 100 seats: no seat held twice, every hold side by side', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(10, 10) });
    const customers = await Promise.all(Array.from({ length: 160 }, () => t.customer()));
    const replies = await Promise.all(
      customers.map((c) => bestAvailable(t, showtimeId, c.token, { quantity: 2 })),
    );
    const statuses = new Set(replies.map((r) => r.status));
    expect([...statuses].every((s) => s === 201 || s === 409)).toBe(true);
    const won = replies.filter((r) => r.status === 201).map((r) => r.body.seats as string[]);
    for (const seats of won) {
      const [a, b] = seats.map((label) => ({ row: label[0], n: Number(label.slice(1)) }));
      expect(a!.row).toBe(b!.row);
      expect(Math.abs(a!.n - b!.n)).toBe(1);
    }
    const allWon = won.flat();
    expect(new Set(allWon).size).toBe(allWon.length);
    const rows = await seatRows(t.db, showtimeId);
    const held = rows.filter((seat) => seat.state === 'held').map((seat) => seat.label);
    expect(held.sort()).toEqual([...allWon].sort());
    const stored = await t.db.select().from(holds).where(eq(holds.showtimeId, showtimeId));
    expect(stored).toHaveLength(won.length);
    // Pairs from the middle out fill rows of ten completely: the rush sells (nearly) every seat.
    expect(held.length).toBeGreaterThanOrEqual(90);
    for (const loser of replies.filter((r) => r.status === 409)) {
      expect(loser.body.reason ?? loser.body.unavailable).toBeDefined();
    }
  });
});
