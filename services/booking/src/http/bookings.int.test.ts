// Booking over HTTP with the real showtimes, payments and catalog: book a hold, pay with each test
// card, receive tickets; what others may see; idempotent creation and payment.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, CARDS, startTestPlatform, type TestPlatform } from './booking.test-support.ts';

describe('bookings', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a second booking of a hold with 409 naming the first, live or paid', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const seats = showtime.seats.slice(4, 6);
    const { holdId, booking } = await t.holdAndBook(showtime.id, me, seats);
    const again = () =>
      t.call('POST', '/api/bookings', {
        token: me.token,
        key: randomUUID(),
        body: { holdId, tickets: seats.map((seat) => ({ seat, ticketType: 'adult' })) },
      });
    // The hold is still live: the unique index refuses the second row.
    const whileLive = await again();
    expect(whileLive.status).toBe(409);
    expect(whileLive.body).toMatchObject({ bookingId: booking.id });
    // Paid: the hold is confirmed, and the answer still names the booking.
    const paid = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(200);
    const afterPaying = await again();
    expect(afterPaying.status).toBe(409);
    expect(afterPaying.body).toMatchObject({ bookingId: booking.id });
    const mine = await t.call('GET', '/api/bookings', { token: me.token });
    expect(mine.body.total).toBe(1);
  });

  it('commits a booking with its Idempotency-Key answer, or neither', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const seats = showtime.seats.slice(0, 2);
    const holdId = await t.hold(showtime.id, me, seats);
    const key = randomUUID();
    const book = () =>
      t.call('POST', '/api/bookings', {
        token: me.token,
        key,
        body: { holdId, tickets: seats.map((seat) => ({ seat, ticketType: 'adult' })) },
      });
    // Storing this key's answer fails, as a crash between the two would leave it.
    const exec = (query: ReturnType<typeof sql>) => t.booking.infra.db.db.execute(query);
    await exec(
      sql.raw(`CREATE FUNCTION refuse_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = '${key}' AND NEW.state = 'done' THEN RAISE EXCEPTION 'refused'; END IF;
      RETURN NEW; END $$`),
    );
    await exec(
      sql.raw(`CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION refuse_answer()`),
    );
    try {
      const refused = await book();
      expect(refused.status).toBe(500);
      expect((await t.call('GET', '/api/bookings', { token: me.token })).body.total).toBe(0);
    } finally {
      await exec(sql`DROP TRIGGER refuse_answer ON idempotency_keys`);
      await exec(sql`DROP FUNCTION refuse_answer()`);
    }
    // Nothing was kept, the key included: the same request books now.
    const booked = await book();
    expect(booked.status).toBe(201);
    expect((await t.call('GET', '/api/bookings', { token: me.token })).body.total).toBe(1);
  });

  it('books a hold priced by ticket type and pays it: confirmed, seats sold, tickets issued', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const seats = showtime.seats.slice(0, 2);
    const holdId = await t.hold(showtime.id, me, seats);
    const created = await t.call('POST', '/api/bookings', {
      token: me.token,
      key: randomUUID(),
      body: {
        holdId,
        tickets: [
          { seat: seats[0], ticketType: 'adult' },
          { seat: seats[1], ticketType: 'child' },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'awaiting_payment',
      totalAmount: 1700,
      currency: 'EUR',
    });

    const paid = await t.call('POST', `/api/bookings/${created.body.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'confirmed', paidAmount: 1700, refundedAmount: 0 });

    const map = await t.call('GET', `/api/showtimes/${showtime.id}/seats`, {
      base: t.showtimes.url,
    });
    const states = new Map(
      (map.body.seats as { label: string; state: string }[]).map((s) => [s.label, s.state]),
    );
    expect(seats.map((s) => states.get(s))).toEqual(['sold', 'sold']);
    const payment = await t.call('GET', `/api/payments/${paid.body.paymentId}`, {
      base: t.payments.url,
      token: t.tokens.admin,
    });
    expect(payment.body).toMatchObject({
      status: 'succeeded',
      amount: 1700,
      reference: `booking:${created.body.id}`,
    });
    await t.settle();
    const confirmed = t.published.find(
      (m) =>
        m.type === 'booking.confirmed.v1' &&
        (m.payload as { bookingId: string }).bookingId === created.body.id,
    );
    expect((confirmed?.payload as { tickets: unknown[] }).tickets).toHaveLength(2);
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('a declined card takes no money and leaves the booking awaiting payment; another card works', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(2, 3));
    for (const [number, status, code] of [
      [CARDS.declined, 402, 'card_declined'],
      [CARDS.insufficient, 402, 'insufficient_funds'],
      [CARDS.processingError, 502, 'processing_error'],
    ] as const) {
      const reply = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
        token: me.token,
        key: randomUUID(),
        body: { card: card(number) },
      });
      expect(reply.status).toBe(status);
      expect(reply.body.code).toBe(code);
      const now = await t.call('GET', `/api/bookings/${booking.id}`, { token: me.token });
      expect(now.body).toMatchObject({ status: 'awaiting_payment', paidAmount: 0 });
    }
    const paid = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(200);
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('refuses an invalid card number naming the field, and tickets that do not match the hold', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const seats = showtime.seats.slice(0, 2);
    const hold = await t.call('POST', `/api/showtimes/${showtime.id}/holds`, {
      base: t.showtimes.url,
      token: me.token,
      body: { seats },
    });
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    const wrong = await t.call('POST', '/api/bookings', {
      token: me.token,
      key: randomUUID(),
      body: { holdId: hold.body.holdId, tickets: [{ seat: 'Z99', ticketType: 'adult' }] },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.tickets[0].seat', 'body.tickets']),
    );
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(4, 5));
    const badCard = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: { ...card(), number: '4242 4242 4242 4241' } },
    });
    expect(badCard.status).toBe(400);
    expect(JSON.stringify(badCard.body.errors)).toContain('card.number');
  });

  it("never shows or lets anyone cancel another customer's booking", async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const other = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(0, 1));
    expect(
      (await t.call('GET', `/api/bookings/${booking.id}`, { token: other.token })).status,
    ).toBe(404);
    expect(
      (await t.call('POST', `/api/bookings/${booking.id}/cancel`, { token: other.token, body: {} }))
        .status,
    ).toBe(404);
    const paid = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: other.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(404);
    const list = await t.call('GET', '/api/bookings', { token: other.token });
    expect(list.body.items.map((b: { id: string }) => b.id)).not.toContain(booking.id);
    const admin = await t.call('GET', `/api/bookings?customerId=${me.id}`, {
      token: t.tokens.admin,
    });
    expect(admin.body.items.map((b: { id: string }) => b.id)).toContain(booking.id);
  });

  it('the same Idempotency-Key 20 times in parallel charges once', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(6, 8));
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.call('POST', `/api/bookings/${booking.id}/pay`, {
          token: me.token,
          key,
          body: { card: card() },
        }),
      ),
    );
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(replies.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const payments = await t.call('GET', `/api/payments?reference=booking:${booking.id}`, {
      base: t.payments.url,
      token: t.tokens.admin,
    });
    expect(
      payments.body.items.filter((p: { status: string }) => p.status === 'succeeded'),
    ).toHaveLength(1);
    expect(await t.invariantViolations()).toEqual([]);
  });
});
