// The inventory invariants after a mixed workload through HTTP (holds taken, confirmed, released,
// run out and taken over, a showtime cancelled) read zero, in the function and on /metrics; each
// one reports a breakage made on purpose.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridLayout } from '../catalog/fake-catalog.test-support.ts';
import {
  priceTable,
  startTestShowtimes,
  type TestShowtimes,
} from '../http/showtimes.test-support.ts';
import { checkInventoryInvariants } from './inventory-invariants.ts';

let t: TestShowtimes;

async function scheduleGrid(rows: number, perRow: number): Promise<string> {
  const theaterId = t.catalog.addTheater().id;
  const res = await t.call('POST', '/api/showtimes', {
    body: {
      movieId: t.catalog.addMovie().id,
      theaterId,
      screenId: t.catalog.addScreen(theaterId, gridLayout(rows, perRow)).id,
      startsAt: '2030-03-05T19:30:00Z',
      priceTable: priceTable(),
    },
    token: t.tokens.admin,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function hold(showtimeId: string, seats: string[]) {
  const customer = await t.customer();
  const res = await t.call('POST', `/api/showtimes/${showtimeId}/holds`, {
    body: { seats },
    token: customer.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { holdId: res.body.holdId as string, customer };
}

async function metricLines(): Promise<string[]> {
  const res = await fetch(`${t.url}/metrics`);
  expect(res.status).toBe(200);
  return (await res.text()).split('\n').filter((l) => l.startsWith('seat_inventory_invariant'));
}

const violationsMetric = (lines: string[], invariant: string) =>
  lines
    .find((l) => l.includes(`invariant="${invariant}"`))
    ?.split(' ')
    .pop();

beforeAll(async () => {
  t = await startTestShowtimes();
});
afterAll(() => t.close());

describe('seat inventory invariants', () => {
  it('read zero after holds, sales, releases, expiries, take-overs and a cancellation', async () => {
    const first = await scheduleGrid(4, 6);
    const second = await scheduleGrid(4, 6);

    const bought = await hold(first, ['A1', 'A2']);
    const confirmed = await t.call('POST', `/api/holds/${bought.holdId}/confirm`, {
      body: { bookingRef: 'BK-1' },
      token: t.tokens.service,
    });
    expect(confirmed.status).toBe(200);
    const dropped = await hold(first, ['C3', 'C4']);
    const released = await t.call('DELETE', `/api/holds/${dropped.holdId}`, {
      token: dropped.customer.token,
    });
    expect(released.status).toBe(204);
    await hold(first, ['D5', 'D6']);
    await hold(second, ['B1', 'B2']);

    t.clock.advance(9 * 60); // every hold above has run out; nothing has swept them
    try {
      await hold(second, ['B1', 'B2']); // taken over from the expired hold
      const live = await hold(first, ['D1', 'D2']);
      expect(live.holdId).toBeDefined();
      const cancelled = await t.call('POST', `/api/showtimes/${second}/cancel`, {
        token: t.tokens.admin,
      });
      expect(cancelled.status).toBe(200);

      expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
      const lines = await metricLines();
      for (const invariant of ['over_capacity', 'double_sale', 'sold_without_sale']) {
        expect(violationsMetric(lines, invariant), invariant).toBe('0');
      }
      const seats = await (await fetch(`${t.url}/metrics`)).text();
      expect(seats).toMatch(/showtime_seats\{state="sold"[^}]*\} 2/);
      expect(seats).toMatch(/showtime_seats\{state="held"[^}]*\} 2/);
    } finally {
      t.clock.set('2030-03-01T12:00:00Z');
    }
  });

  it('reports a sold seat without a sale, and sales beyond the seats there are', async () => {
    const id = await scheduleGrid(1, 2);
    await hold(id, ['A1', 'A2']);
    // A sale of a seat that does not exist: one live sale plus two live holds on two seats.
    await t.db.execute(sql`
      INSERT INTO seat_sales (showtime_id, label, hold_id, customer_id, sold_at)
      VALUES (${id}, 'Z9', ${randomUUID()}, ${randomUUID()}, ${t.clock.now().toISOString()})`);
    const violations = await checkInventoryInvariants(t.db, t.clock.now());
    expect(violations).toEqual(
      expect.arrayContaining([
        { showtimeId: id, invariant: 'over_capacity', seats: 1 },
        { showtimeId: id, invariant: 'sold_without_sale', seats: 1 },
      ]),
    );
    expect(violationsMetric(await metricLines(), 'over_capacity')).toBe('1');
    await t.db.execute(sql`DELETE FROM seat_sales WHERE showtime_id = ${id}`);
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
  });

  it('reports a seat sold twice, were the unique index ever gone', async () => {
    const id = await scheduleGrid(1, 2);
    const rolledBack = new Error('roll back');
    const seen = await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`DROP INDEX seat_sales_one_live_sale`);
        for (let i = 0; i < 2; i++) {
          await tx.execute(sql`
            INSERT INTO seat_sales (showtime_id, label, hold_id, customer_id, sold_at)
            VALUES (${id}, 'A1', ${randomUUID()}, ${randomUUID()}, ${t.clock.now().toISOString()})`);
        }
        const found = await checkInventoryInvariants(tx, t.clock.now());
        throw Object.assign(rolledBack, { found });
      })
      .catch((err: unknown) => (err === rolledBack ? rolledBack : Promise.reject(err)));
    expect((seen as Error & { found: unknown }).found).toEqual(
      expect.arrayContaining([{ showtimeId: id, invariant: 'double_sale', seats: 1 }]),
    );
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
  });
});
