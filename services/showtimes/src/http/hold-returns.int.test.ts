// Returning sold seats over HTTP on real PostgreSQL (a booking cancelled or refunded): the seats,
// their sales and the outbox change together, once; the inventory stays sound; and a returned
// seat can be held and sold again to someone else.
import { randomUUID } from 'node:crypto';
import { queryRows } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInventoryInvariants } from '../db/inventory-invariants.ts';
import {
  grid,
  outboxEvents,
  seedShowtime,
  startTestHolds,
  type TestHolds,
} from './holds.test-support.ts';

let t: TestHolds;
beforeAll(async () => {
  t = await startTestHolds();
});
afterAll(() => t.close());

const returnSeats = (holdId: string, body: unknown, token = t.tokens.service) =>
  t.call('POST', `/api/holds/${holdId}/return`, { token, body });

async function soldHold(showtimeId: string, seats: string[]) {
  const customer = await t.customer();
  const hold = await t.hold(showtimeId, customer.token, seats);
  expect(hold.status).toBe(201);
  const confirmed = await t.call('POST', `/api/holds/${hold.body.holdId}/confirm`, {
    token: t.tokens.service,
    body: { bookingRef: `BK-${randomUUID()}` },
  });
  expect(confirmed.status).toBe(200);
  return { holdId: hold.body.holdId as string, customer };
}

async function salesOf(showtimeId: string) {
  const rows = await queryRows<{ label: string; hold_id: string; released_at: string | null }>(
    t.db,
    sql`SELECT label, hold_id, released_at FROM seat_sales
        WHERE showtime_id = ${showtimeId} ORDER BY label, id`,
  );
  return rows.map((row) => ({
    ...row,
    released_at: row.released_at === null ? null : new Date(row.released_at),
  }));
}

const releasedOf = async (holdId: string) =>
  (await outboxEvents(t.db, 'seat.released.v1')).filter((e) => e.holdId === holdId);

describe('returning sold seats', () => {
  it('returns some seats, then the rest, each once, with one event per change', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const { holdId, customer } = await soldHold(showtimeId, ['A1', 'A2', 'A3']);
    const before = await t.seatsByLabel(showtimeId);
    const changesBefore = t.seatChanges.length;
    const wakeUpsBefore = t.outboxWakeUps();

    const partial = await returnSeats(holdId, { seats: ['a2'], reason: 'refunded' });

    expect(partial.status).toBe(200);
    expect(partial.body).toEqual({
      holdId,
      showtimeId,
      returned: ['A2'],
      stillSold: ['A1', 'A3'],
    });
    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A2')).toMatchObject({
      state: 'available',
      holdId: null,
      holderId: null,
      heldUntil: null,
    });
    expect(seats.get('A2')!.changeSeq).toBeGreaterThan(before.get('A2')!.changeSeq);
    expect(seats.get('A1')).toMatchObject({ state: 'sold', holdId, holderId: customer.id });
    expect(await salesOf(showtimeId)).toEqual([
      { label: 'A1', hold_id: holdId, released_at: null },
      { label: 'A2', hold_id: holdId, released_at: t.clock.now() },
      { label: 'A3', hold_id: holdId, released_at: null },
    ]);
    expect(await releasedOf(holdId)).toEqual([
      { showtimeId, holdId, customerId: customer.id, seats: ['A2'], reason: 'refunded' },
    ]);
    expect(t.seatChanges.slice(changesBefore)).toEqual([showtimeId]);
    expect(t.outboxWakeUps()).toBe(wakeUpsBefore + 1);

    // The same request again: the same answer, and nothing changes.
    const again = await returnSeats(holdId, { seats: ['A2'], reason: 'refunded' });
    expect(again).toMatchObject({ status: 200, body: partial.body });
    expect((await t.seatsByLabel(showtimeId)).get('A2')!.changeSeq).toBe(
      seats.get('A2')!.changeSeq,
    );
    expect(await releasedOf(holdId)).toHaveLength(1);
    expect(t.seatChanges.slice(changesBefore)).toEqual([showtimeId]);

    // The rest of the booking is cancelled: every seat of the hold by default.
    const rest = await returnSeats(holdId, { reason: 'cancelled' }, t.tokens.admin);
    expect(rest.body).toEqual({
      holdId,
      showtimeId,
      returned: ['A1', 'A2', 'A3'],
      stillSold: [],
    });
    expect((await releasedOf(holdId)).map((e) => [e.seats, e.reason])).toEqual([
      [['A2'], 'refunded'],
      [['A1', 'A3'], 'cancelled'],
    ]);
    expect((await salesOf(showtimeId)).every((sale) => sale.released_at !== null)).toBe(true);
    expect([...(await t.seatsByLabel(showtimeId)).values()].map((s) => s.state)).toEqual(
      Array(6).fill('available'),
    );
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
  });

  it('lets another customer hold and buy a returned seat, end to end', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const first = await soldHold(showtimeId, ['A1', 'A2']);
    expect((await returnSeats(first.holdId, { reason: 'refunded' })).status).toBe(200);

    const second = await soldHold(showtimeId, ['A1', 'A2']);

    expect((await t.seatsByLabel(showtimeId)).get('A1')).toMatchObject({
      state: 'sold',
      holdId: second.holdId,
      holderId: second.customer.id,
    });
    expect(await salesOf(showtimeId)).toEqual([
      { label: 'A1', hold_id: first.holdId, released_at: expect.any(Date) },
      { label: 'A1', hold_id: second.holdId, released_at: null },
      { label: 'A2', hold_id: first.holdId, released_at: expect.any(Date) },
      { label: 'A2', hold_id: second.holdId, released_at: null },
    ]);
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);

    // Returning the first booking again touches nothing of the second.
    const again = await returnSeats(first.holdId, { reason: 'refunded' });
    expect(again.body).toMatchObject({ returned: ['A1', 'A2'], stillSold: [] });
    expect((await t.seatsByLabel(showtimeId)).get('A2')).toMatchObject({
      state: 'sold',
      holdId: second.holdId,
    });
    expect(await releasedOf(first.holdId)).toHaveLength(1);
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
  });

  it('returns once when two returns race', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const { holdId } = await soldHold(showtimeId, ['A3', 'A4']);

    const answers = await Promise.all([
      returnSeats(holdId, { reason: 'cancelled' }),
      returnSeats(holdId, { seats: ['A3', 'A4'], reason: 'cancelled' }),
    ]);

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[1]!.body).toEqual(answers[0]!.body);
    expect(await releasedOf(holdId)).toHaveLength(1);
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
  });
});

describe('refusing a return', () => {
  it('names seats the hold does not have, and changes nothing', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const { holdId } = await soldHold(showtimeId, ['A1', 'A2']);

    const reply = await returnSeats(holdId, { seats: ['A2', 'A5', 'Z9'], reason: 'refunded' });

    expect(reply.status).toBe(422);
    expect(reply.body.seats).toEqual(['A5', 'Z9']);
    expect(reply.body.detail).toMatch(/A5 and Z9 are not part of this hold/);
    expect((await t.seatsByLabel(showtimeId)).get('A2')?.state).toBe('sold');
    expect(await releasedOf(holdId)).toEqual([]);
  });

  it('answers 409 for a hold that was never confirmed, 404 for none', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const live = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const released = await t.hold(showtimeId, alice.token, ['A5', 'A6']);
    await t.call('DELETE', `/api/holds/${released.body.holdId}`, { token: alice.token });

    const answers = await Promise.all(
      [live, released].map((h) => returnSeats(h.body.holdId, { reason: 'cancelled' })),
    );
    expect(answers.map((a) => [a.status, a.body.holdStatus])).toEqual([
      [409, 'active'],
      [409, 'released'],
    ]);
    t.clock.advance(480);
    const expired = await returnSeats(live.body.holdId, { reason: 'cancelled' });
    expect([expired.status, expired.body.holdStatus]).toEqual([409, 'expired']);
    expect((await returnSeats(randomUUID(), { reason: 'cancelled' })).status).toBe(404);
  });

  it('is for the booking service and admins only, and names bad input', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const { holdId, customer } = await soldHold(showtimeId, ['A1', 'A2']);

    expect((await returnSeats(holdId, { reason: 'refunded' }, customer.token)).status).toBe(403);
    expect((await returnSeats(holdId, { reason: 'refunded' }, t.tokens.staff)).status).toBe(403);
    const bad = await returnSeats(holdId, { seats: [], reason: 'expired' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.reason',
      'body.seats',
    ]);
    expect((await returnSeats(holdId, {})).body.errors[0].field).toBe('body.reason');
    expect((await t.seatsByLabel(showtimeId)).get('A1')?.state).toBe('sold');
  });
});
