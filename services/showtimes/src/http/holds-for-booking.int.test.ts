// What the booking service does with holds on real PostgreSQL: hold for a customer it names (and
// nobody else may name one), release and extend the customer's hold, and re-take the same seats
// after a hold ran out while the payment went through.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holds } from '../db/schema.ts';
import {
  grid,
  outboxEvents,
  seedShowtime,
  startTestHolds,
  type TestHolds,
} from './holds.test-support.ts';

let t: TestHolds;
beforeAll(async () => {
  t = await startTestHolds({ config: { MAX_SEATS_PER_CUSTOMER: 4 } });
});
afterAll(() => t.close());

const holdFor = (showtimeId: string, token: string, body: Record<string, unknown>) =>
  t.call('POST', `/api/showtimes/${showtimeId}/holds`, { token, body });

describe('holding for a customer', () => {
  it('holds for the customer a service names, as if the customer had asked', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();

    const reply = await holdFor(showtimeId, t.tokens.service, {
      seats: ['a1', 'A2'],
      customerId: alice.id,
    });

    expect(reply.status).toBe(201);
    const expiresAt = new Date(t.clock.now().getTime() + 480_000).toISOString();
    expect(reply.body).toEqual({
      holdId: expect.any(String),
      showtimeId,
      seats: ['A1', 'A2'],
      expiresAt,
    });
    const seats = await t.seatsByLabel(showtimeId);
    expect(seats.get('A1')).toMatchObject({ state: 'held', holderId: alice.id });
    const [row] = await t.db.select().from(holds).where(eq(holds.id, reply.body.holdId));
    expect(row?.customerId).toBe(alice.id);
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
    // What booking reads back with its service token; the customer sees it as their own.
    const read = await t.call('GET', `/api/holds/${reply.body.holdId}`, {
      token: t.tokens.service,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      holdId: reply.body.holdId,
      showtimeId,
      customerId: alice.id,
      seats: ['A1', 'A2'],
      status: 'active',
      createdAt: t.clock.now().toISOString(),
      expiresAt,
      extensions: 0,
      extensionsLeft: 2,
      endedAt: null,
      bookingRef: null,
      seatCategories: { A1: 'standard', A2: 'standard' },
    });
    expect(
      (await t.call('GET', `/api/holds/${reply.body.holdId}`, { token: alice.token })).status,
    ).toBe(200);
  });

  it("reads a hold's seat categories from its own showtime, not another with the same labels", async () => {
    // Booking prices each seat by this category: a premium A1 elsewhere must not price this one.
    // The others are written after the hold and sort after its showtime, so their seats come last
    // whichever way PostgreSQL reads them.
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: ['sss'] });
    const alice = await t.customer();
    const held = await holdFor(showtimeId, t.tokens.service, {
      seats: ['A1', 'A2'],
      customerId: alice.id,
    });
    expect(held.status).toBe(201);
    const after = () => `ffffffff-ffff-4fff-8fff-${randomUUID().slice(-12)}`;
    await seedShowtime(t.db, t.clock, { rows: ['ppp'], showtimeId: after() });
    await seedShowtime(t.db, t.clock, { rows: ['www'], showtimeId: after() });

    const read = await t.call('GET', `/api/holds/${held.body.holdId}`, { token: alice.token });

    expect(read.body.seatCategories).toEqual({ A1: 'standard', A2: 'standard' });
  });

  it("counts the customer's own seats towards the limit, and applies the rules as for them", async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(2, 6) });
    const alice = await t.customer();
    expect((await t.hold(showtimeId, alice.token, ['B1', 'B2', 'B3'])).status).toBe(201);

    const over = await holdFor(showtimeId, t.tokens.service, {
      seats: ['A1', 'A2'],
      customerId: alice.id,
    });
    expect(over.status).toBe(422);
    expect(over.body.violations).toEqual([expect.objectContaining({ rule: 'customer_limit' })]);
    const stranding = await holdFor(showtimeId, t.tokens.service, {
      seats: ['A2'],
      customerId: randomUUID(),
    });
    expect(stranding.status).toBe(422);
    expect(stranding.body.violations).toEqual([expect.objectContaining({ rule: 'stranded_seat' })]);
    const best = await holdFor(showtimeId, t.tokens.service, { quantity: 1, customerId: alice.id });
    expect(best.status).toBe(201);
    expect((await t.seatsByLabel(showtimeId)).get(best.body.seats[0])?.holderId).toBe(alice.id);
  });

  it('asks a service to name the customer, and refuses a customer who names one', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const [alice, bob] = [await t.customer(), await t.customer()];

    const unnamed = await holdFor(showtimeId, t.tokens.service, { seats: ['A1'] });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors).toEqual([
      { field: 'body.customerId', message: expect.any(String) },
    ]);
    const malformed = await holdFor(showtimeId, t.tokens.service, {
      seats: ['A1'],
      customerId: 'alice',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([
      { field: 'body.customerId', message: expect.any(String) },
    ]);
    for (const body of [
      { seats: ['A1'], customerId: bob.id },
      { seats: ['A1'], customerId: alice.id },
      { quantity: 1, customerId: bob.id },
    ]) {
      expect((await holdFor(showtimeId, alice.token, body)).status).toBe(403);
    }
    expect(
      (await holdFor(showtimeId, t.tokens.staff, { seats: ['A1'], customerId: bob.id })).status,
    ).toBe(403);
    const byAdmin = await holdFor(showtimeId, t.tokens.admin, {
      seats: ['A1', 'A2'],
      customerId: bob.id,
    });
    expect(byAdmin.status).toBe(201);
    const seats = await t.seatsByLabel(showtimeId);
    expect(
      [...seats.values()].filter((seat) => seat.state === 'held').map((s) => s.holderId),
    ).toEqual([bob.id, bob.id]);
  });

  it('re-takes the same seats for the customer after their hold ran out, and sells them', async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const first = await t.hold(showtimeId, alice.token, ['A3', 'A4']);
    t.clock.advance(480);
    const late = await t.call('POST', `/api/holds/${first.body.holdId}/confirm`, {
      token: t.tokens.service,
      body: { bookingRef: 'BK-late-payment' },
    });
    expect(late.body.holdStatus).toBe('expired');

    const again = await holdFor(showtimeId, t.tokens.service, {
      seats: first.body.seats,
      customerId: alice.id,
    });
    expect(again.status).toBe(201);
    const sold = await t.call('POST', `/api/holds/${again.body.holdId}/confirm`, {
      token: t.tokens.service,
      body: { bookingRef: 'BK-late-payment' },
    });
    expect(sold.status).toBe(200);
    expect(sold.body).toMatchObject({ customerId: alice.id, seats: ['A3', 'A4'] });
    expect((await t.seatsByLabel(showtimeId)).get('A3')).toMatchObject({
      state: 'sold',
      holdId: again.body.holdId,
      holderId: alice.id,
    });
  });
});

describe('releasing and extending for a customer', () => {
  it("lets a service release a customer's hold, announced as released", async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const alice = await t.customer();
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const path = `/api/holds/${body.holdId}`;

    expect((await t.call('DELETE', path, { token: t.tokens.staff })).status).toBe(404);
    expect((await t.seatsByLabel(showtimeId)).get('A1')?.state).toBe('held');
    expect((await t.call('DELETE', path, { token: t.tokens.service })).status).toBe(204);
    expect((await t.call('DELETE', path, { token: t.tokens.service })).status).toBe(204);

    expect((await t.seatsByLabel(showtimeId)).get('A1')).toMatchObject({
      state: 'available',
      holdId: null,
      holderId: null,
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

  it("lets a service extend a customer's hold under the same limits", async () => {
    const { showtimeId } = await seedShowtime(t.db, t.clock, { rows: grid(1, 6) });
    const [alice, bob] = [await t.customer(), await t.customer()];
    const { body } = await t.hold(showtimeId, alice.token, ['A1', 'A2']);
    const path = `/api/holds/${body.holdId}/extend`;
    t.clock.advance(200);

    expect((await t.call('POST', path, { token: bob.token })).status).toBe(404);
    expect((await t.call('POST', path, { token: t.tokens.staff })).status).toBe(404);
    const extended = await t.call('POST', path, { token: t.tokens.service });

    const expiresAt = new Date(t.clock.now().getTime() + 300_000).toISOString();
    expect(extended.status).toBe(200);
    expect(extended.body).toEqual({ holdId: body.holdId, expiresAt, extensionsLeft: 1 });
    expect((await t.seatsByLabel(showtimeId)).get('A2')?.heldUntil).toEqual(new Date(expiresAt));
    const early = await t.call('POST', path, { token: t.tokens.service });
    expect([early.status, early.body.reason]).toEqual([422, 'too_early']);
  });
});
