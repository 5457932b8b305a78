// Holds over HTTP on real PostgreSQL: taking, refusing, reading and releasing, with the rows and
// outbox events each leaves behind (confirming: hold-confirm.int.test.ts; time: hold-expiry).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  t = await startTestHolds();
});
afterAll(() => t.close());

describe('taking a hold', () => {
  it('holds the seats, answers 201, and announces seat.held.v1', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 6) });
    const alice = await t.customer();
    const wakeUps = t.outboxWakeUps();

    const reply = await t.hold(showtimeId, alice.token, ['a1', 'A2']);

    expect(reply.status).toBe(201);
    const expiresAt = new Date(t.clock.now().getTime() + 480_000).toISOString();
    expect(reply.body).toEqual({
      holdId: expect.any(String),
      showtimeId,
      seats: ['A1', 'A2'],
      expiresAt,
    });
    expect(reply.headers.location).toBe(`/api/holds/${reply.body.holdId}`);
    const seats = await t.seatsByLabel(showtimeId);
    for (const label of ['A1', 'A2']) {
      expect(seats.get(label)).toMatchObject({
        state: 'held',
        holdId: reply.body.holdId,
        holderId: alice.id,
        heldUntil: new Date(expiresAt),
      });
    }
    expect(seats.get('A3')).toMatchObject({ state: 'available', holdId: null });
    const [hold] = await t.db.select().from(holds).where(eq(holds.id, reply.body.holdId));
    expect(hold).toMatchObject({
      status: 'active',
      customerId: alice.id,
      seatLabels: ['A1', 'A2'],
    });
    const held = (await outboxEvents(t.db, 'seat.held.v1')).filter(
      (e) => e.holdId === reply.body.holdId,
    );
    expect(held).toEqual([
      {
        showtimeId,
        holdId: reply.body.holdId,
        customerId: alice.id,
        seats: ['A1', 'A2'],
        expiresAt,
      },
    ]);
    expect(t.seatChanges).toContain(showtimeId);
    expect(t.outboxWakeUps()).toBe(wakeUps + 1);
  });

  it('answers 409 with the unavailable seats and takes none of the others', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 8) });
    const [alice, bob] = [await t.customer(), await t.customer()];
    expect((await t.hold(showtimeId, alice.token, ['A1', 'A2'])).status).toBe(201);

    const reply = await t.hold(showtimeId, bob.token, ['A2', 'A3']);

    expect(reply.status).toBe(409);
    expect(reply.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(reply.body).toMatchObject({ status: 409, unavailable: ['A2'] });
    expect(reply.body.violations).toEqual([expect.objectContaining({ rule: 'unavailable' })]);
    expect((await t.seatsByLabel(showtimeId)).get('A3')).toMatchObject({ state: 'available' });
    expect(await t.db.select().from(holds).where(eq(holds.customerId, bob.id))).toEqual([]);
  });

  it('answers 422 with violations for seating rules, and holds nothing', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 6) });
    const alice = await t.customer();

    const stranded = await t.hold(showtimeId, alice.token, ['A2']);
    expect(stranded.status).toBe(422);
    expect(stranded.body.violations).toEqual([
      expect.objectContaining({ rule: 'stranded_seat', seats: ['A1'] }),
    ]);

    const unknown = await t.hold(showtimeId, alice.token, ['A1', 'Z9']);
    expect(unknown.status).toBe(422);
    expect(unknown.body.violations).toEqual([
      expect.objectContaining({ rule: 'unknown_seat', seats: ['Z9'] }),
    ]);

    const tooMany = await t.hold(showtimeId, alice.token, [
      ...['A1', 'A2', 'A3', 'A4', 'A5', 'A6'],
      ...['B1', 'B2', 'B3', 'B4', 'B5'],
    ]);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.violations.map((v: { rule: string }) => v.rule)).toContain(
      'too_many_seats',
    );
    expect((await seatRows(t.db, showtimeId)).every((seat) => seat.state === 'available')).toBe(
      true,
    );
  });

  it('keeps companion seats for wheelchair users until the rest of the showtime is gone', async () => {
    // Row A: wheelchair space and its companion seat; row B: the only general seating.
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: ['wc', 'ss'] });
    const [alice, bob, carol] = [await t.customer(), await t.customer(), await t.customer()];

    const alone = await t.hold(showtimeId, bob.token, ['A2']);
    expect(alone.status).toBe(422);
    expect(alone.body.violations).toEqual([
      expect.objectContaining({ rule: 'companion_without_wheelchair', seats: ['A2'] }),
    ]);
    expect((await t.hold(showtimeId, alice.token, ['B1', 'B2'])).status).toBe(201);
    // Row B is taken (read from outside the locked row): the companion seat is open to anyone.
    expect((await t.hold(showtimeId, bob.token, ['A2'])).status).toBe(201);
    expect((await t.hold(showtimeId, carol.token, ['A1'])).status).toBe(201);
  });

  it('counts every seat a customer holds or bought against the per-customer limit', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 8) });
    const alice = await t.customer();
    const first = await t.hold(showtimeId, alice.token, ['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    expect(first.status).toBe(201);
    await t.call('POST', `/api/holds/${first.body.holdId}/confirm`, { token: t.tokens.service });

    const second = await t.hold(showtimeId, alice.token, ['B1', 'B2', 'B3', 'B4', 'B5']);
    expect(second.status).toBe(422);
    expect(second.body.violations).toEqual([expect.objectContaining({ rule: 'customer_limit' })]);
    expect((await t.hold(showtimeId, alice.token, ['B1', 'B2', 'B3', 'B4'])).status).toBe(201);
  });

  it('answers 404 for an unknown showtime, 400 for bad input, 401 without a token', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 4) });
    const alice = await t.customer();
    expect((await t.hold(randomUUID(), alice.token, ['A1'])).status).toBe(404);
    const empty = await t.hold(showtimeId, alice.token, []);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'body.seats', message: expect.any(String) }]);
    expect((await t.hold('not-a-uuid', alice.token, ['A1'])).status).toBe(400);
    const anonymous = await t.call('POST', `/api/showtimes/${showtimeId}/holds`, {
      body: { seats: ['A1'] },
    });
    expect(anonymous.status).toBe(401);
    // A service account is not a customer: it holds only for the customer it names.
    const unnamed = await t.hold(showtimeId, t.tokens.service, ['A1']);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors).toEqual([
      { field: 'body.customerId', message: expect.any(String) },
    ]);
    expect((await t.seatsByLabel(showtimeId)).get('A1')?.state).toBe('available');
  });

  it('refuses a cancelled showtime and one not on sale with 409', async () => {
    const now = t.clock.now().getTime();
    const cancelled = await seedShowtime(t.db, t.clock, { rows: grid(1, 4), status: 'cancelled' });
    const early = await seedShowtime(t.db, t.clock, {
      rows: grid(1, 4),
      salesOpenAt: new Date(now + 60_000),
    });
    const late = await seedShowtime(t.db, t.clock, {
      rows: grid(1, 4),
      salesOpenAt: new Date(now - 120_000),
      salesCloseAt: new Date(now),
    });
    const alice = await t.customer();
    const answers = await Promise.all(
      [cancelled, early, late].map((s) => t.hold(s.showtimeId, alice.token, ['A1', 'A2'])),
    );
    expect(answers.map((a) => [a.status, a.body.reason])).toEqual([
      [409, 'showtime_cancelled'],
      [409, 'sales_not_open'],
      [409, 'sales_closed'],
    ]);
  });
});

describe('reading and releasing a hold', () => {
  it('shows a hold to its owner, admins and services only', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const [alice, bob] = [await t.customer(), await t.customer()];
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const path = `/api/holds/${body.holdId}`;

    const own = await t.call('GET', path, { token: alice.token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      holdId: body.holdId,
      customerId: alice.id,
      status: 'active',
      extensions: 0,
      extensionsLeft: 2,
      endedAt: null,
    });
    expect((await t.call('GET', path, { token: t.tokens.admin })).status).toBe(200);
    expect((await t.call('GET', path, { token: t.tokens.service })).status).toBe(200);
    expect((await t.call('GET', path, { token: bob.token })).status).toBe(404);
    expect((await t.call('DELETE', path, { token: bob.token })).status).toBe(404);
  });

  it('frees the seats once and announces it once, however often it is released', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const path = `/api/holds/${body.holdId}`;

    expect((await t.call('DELETE', path, { token: alice.token })).status).toBe(204);
    expect((await t.call('DELETE', path, { token: alice.token })).status).toBe(204);

    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A1')).toMatchObject({ state: 'available', holdId: null, holderId: null });
    expect((await t.call('GET', path, { token: alice.token })).body).toMatchObject({
      status: 'released',
      endedAt: t.clock.now().toISOString(),
    });
    const released = (await outboxEvents(t.db, 'seat.released.v1')).filter(
      (e) => e.holdId === body.holdId,
    );
    expect(released).toEqual([
      {
        showtimeId,
        holdId: body.holdId,
        customerId: alice.id,
        seats: ['A1', 'A2'],
        reason: 'released',
      },
    ]);
  });

  it('lets an admin release any hold, and refuses to release a confirmed one', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const first = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const second = await t.hold(showtimeId, alice.token, ['A3', 'A4']);
    expect(
      (await t.call('DELETE', `/api/holds/${first.body.holdId}`, { token: t.tokens.admin })).status,
    ).toBe(204);
    await t.call('POST', `/api/holds/${second.body.holdId}/confirm`, { token: t.tokens.service });
    const refused = await t.call('DELETE', `/api/holds/${second.body.holdId}`, {
      token: alice.token,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.holdStatus).toBe('confirmed');
    expect((await t.seatsByLabel(showtimeId)).get('A3')?.state).toBe('sold');
  });
});
