// Holds and time, with a clock the test moves: a hold counts only until its expiry, whether or not
// the sweeper has run; extensions are limited; the sweeper tidies up and announces it.
import { queryRows } from '@marquee/kit/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { holds } from '../db/schema.ts';
import {
  grid,
  outboxEvents,
  seatRows,
  seedShowtime,
  startTestHolds,
  type TestHolds,
} from './holds.test-support.ts';

let t: TestHolds;
beforeAll(async () => {
  // TTL 480 s, extensions of 300 s, at most 20 minutes in all; four extensions so both limits show.
  t = await startTestHolds({ config: { HOLD_MAX_EXTENSIONS: 4, SWEEP_INTERVAL_MS: 100 } });
});
afterAll(() => t.close());

const extend = (holdId: string, token: string) =>
  t.call('POST', `/api/holds/${holdId}/extend`, { token });
const at = (start: Date, seconds: number) =>
  new Date(start.getTime() + seconds * 1000).toISOString();
const releasedOf = async (holdId: string) =>
  (await outboxEvents(t.db, 'seat.released.v1')).filter((e) => e.holdId === holdId);

describe('expiry by time', () => {
  it('gives the seats to the next request the moment the hold runs out, sweeper or not', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const [alice, bob] = [await t.customer(), await t.customer()];
    const start = t.clock.now();
    const first = await t.hold(showtimeId, alice.token, ['A1', 'A2']);

    t.clock.advance(479);
    expect((await t.hold(showtimeId, bob.token, ['A1', 'A2'])).status).toBe(409);
    t.clock.advance(1);
    const second = await t.hold(showtimeId, bob.token, ['A1', 'A2']);

    expect(second.status).toBe(201);
    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A1')).toMatchObject({ holdId: second.body.holdId, holderId: bob.id });
    const [old] = await t.db.select().from(holds).where(eq(holds.id, first.body.holdId));
    expect(old).toMatchObject({ status: 'expired', endedAt: new Date(at(start, 480)) });
    expect(await releasedOf(first.body.holdId)).toEqual([
      {
        showtimeId,
        holdId: first.body.holdId,
        customerId: alice.id,
        seats: ['A1', 'A2'],
        reason: 'expired',
      },
    ]);

    // The old hold is over for its owner too, and releasing it cannot touch bob's seats.
    const path = `/api/holds/${first.body.holdId}`;
    expect((await t.call('GET', path, { token: alice.token })).body).toMatchObject({
      status: 'expired',
      extensionsLeft: 0,
    });
    expect((await extend(first.body.holdId, alice.token)).status).toBe(409);
    expect((await t.call('DELETE', path, { token: alice.token })).status).toBe(204);
    expect((await t.seatsByLabel(showtimeId)).get('A2')).toMatchObject({
      state: 'held',
      holdId: second.body.holdId,
    });
    expect(await releasedOf(first.body.holdId)).toHaveLength(1);
  });

  it('sells nothing when confirmed after expiry, and sells up to the last second before', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 6) });
    const alice = await t.customer();
    const late = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const onTime = await t.hold(showtimeId, alice.token, ['B1', 'B2']);
    expect([late.status, onTime.status]).toEqual([201, 201]);
    t.clock.advance(479);
    const sold = await t.call('POST', `/api/holds/${onTime.body.holdId}/confirm`, {
      token: t.tokens.service,
    });
    t.clock.advance(1);

    const refused = await t.call('POST', `/api/holds/${late.body.holdId}/confirm`, {
      token: t.tokens.service,
      body: { bookingRef: 'BK-late' },
    });

    expect(sold.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ holdStatus: 'expired' });
    expect(refused.body.detail).toMatch(/expired; nothing was sold/);
    const sales = await queryRows<{ label: string }>(
      t.db,
      sql`SELECT label FROM seat_sales WHERE showtime_id = ${showtimeId} ORDER BY label`,
    );
    expect(sales.map((s) => s.label)).toEqual(['B1', 'B2']);
    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A1')).toMatchObject({ state: 'held', holdId: late.body.holdId });
    expect(seats.get('B1')).toMatchObject({ state: 'sold' });
    const soldEvents = (await outboxEvents(t.db, 'seat.sold.v1')).filter(
      (e) => e.showtimeId === showtimeId,
    );
    expect(soldEvents.map((e) => e.holdId)).toEqual([onTime.body.holdId]);
  });
});

describe('extensions', () => {
  it('extends from now, at most HOLD_MAX_EXTENSIONS times, moving the seats too', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const [alice, bob] = [await t.customer(), await t.customer()];
    const start = t.clock.now();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);

    expect((await extend(body.holdId, alice.token)).body.reason).toBe('too_early');
    const answers = [];
    for (const second of [190, 200, 210, 220]) {
      t.clock.set(at(start, second));
      answers.push((await extend(body.holdId, alice.token)).body);
    }
    expect(answers).toEqual(
      [490, 500, 510, 520].map((s, i) => ({
        holdId: body.holdId,
        expiresAt: at(start, s),
        extensionsLeft: 3 - i,
      })),
    );
    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A2')?.heldUntil).toEqual(new Date(at(start, 520)));

    t.clock.set(at(start, 230));
    const refused = await extend(body.holdId, alice.token);
    expect(refused.status).toBe(422);
    expect(refused.body.reason).toBe('extension_limit');
    expect((await extend(body.holdId, bob.token)).status).toBe(404);
    t.clock.set(at(start, 520));
    const ended = await extend(body.holdId, alice.token);
    expect(ended.status).toBe(409);
    expect(ended.body.holdStatus).toBe('expired');
  });

  it('never lets a hold outlive HOLD_MAX_TOTAL_SECONDS from when it was taken', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const start = t.clock.now();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);

    const expiries = [];
    for (const second of [400, 650, 900]) {
      t.clock.set(at(start, second));
      expiries.push((await extend(body.holdId, alice.token)).body);
    }
    expect(expiries.map((e) => [e.expiresAt, e.extensionsLeft])).toEqual([
      [at(start, 700), 3],
      [at(start, 950), 2],
      [at(start, 1200), 0],
    ]);
    t.clock.set(at(start, 1000));
    const refused = await extend(body.holdId, alice.token);
    expect(refused.status).toBe(422);
    expect(refused.body.reason).toBe('longest_hold');
  });
});

describe('the sweeper', () => {
  it('frees expired seats, ends their holds, and announces every seat exactly once', async () => {
    const first = await seedShowtime(t.db, t.clock, { rows: grid(1, 8) });
    const second = await seedShowtime(t.db, t.clock, { rows: grid(1, 4) });
    const [alice, bob, carol, dave] = [
      await t.customer(),
      await t.customer(),
      await t.customer(),
      await t.customer(),
    ];
    const aliceHold = (await t.hold(first.showtimeId, alice.token, ['A1', 'A2'])).body.holdId;
    const daveHold = (await t.hold(second.showtimeId, dave.token, ['A1', 'A2'])).body.holdId;
    t.clock.advance(300);
    const carolHold = (await t.hold(first.showtimeId, carol.token, ['A5', 'A6'])).body.holdId;
    t.clock.advance(200);
    // bob takes over one of alice's expired seats before any sweep.
    expect((await t.hold(first.showtimeId, bob.token, ['A1'])).status).toBe(201);

    await t.sweeper.sweepOnce();

    const seats = await t.seatsByLabel(first.showtimeId);
    expect(seats.get('A1')).toMatchObject({ state: 'held', holderId: bob.id });
    expect(seats.get('A2')).toMatchObject({ state: 'available', holdId: null, heldUntil: null });
    expect(seats.get('A5')).toMatchObject({ state: 'held', holdId: carolHold });
    expect((await seatRows(t.db, second.showtimeId)).map((s) => s.state)).toEqual([
      'available',
      'available',
      'available',
      'available',
    ]);
    const ended = await t.db.select().from(holds).where(eq(holds.id, daveHold));
    expect(ended[0]).toMatchObject({ status: 'expired', endedAt: ended[0]?.expiresAt });
    expect((await releasedOf(aliceHold)).map((e) => [e.seats, e.reason])).toEqual([
      [['A1'], 'expired'],
      [['A2'], 'expired'],
    ]);
    expect(await releasedOf(daveHold)).toEqual([
      {
        showtimeId: second.showtimeId,
        holdId: daveHold,
        customerId: dave.id,
        seats: ['A1', 'A2'],
        reason: 'expired',
      },
    ]);
    expect(t.seatChanges).toContain(second.showtimeId);
    expect(await t.sweeper.sweepOnce()).toBe(0);
  });

  it('runs on its own every SWEEP_INTERVAL_MS until stopped', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 4) });
    const alice = await t.customer();
    await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    t.clock.advance(480);
    t.sweeper.start();
    try {
      await vi.waitFor(
        async () =>
          expect((await seatRows(t.db, showtimeId)).every((s) => s.state === 'available')).toBe(
            true,
          ),
        { timeout: 3_000, interval: 50 },
      );
    } finally {
      await t.sweeper.stop();
    }
  });
});
