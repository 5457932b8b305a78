// The payment saga when things go wrong: a charge whose answer was lost is settled by recovery;
// a hold that ran out after the charge is re-taken if its seats are free, refunded if not; unpaid
// bookings expire; nothing ever ends paid without seats or with seats unpaid.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, startTestPlatform, type Json, type TestPlatform } from './booking.test-support.ts';

describe('the payment saga under failures', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({
      env: { RECOVERY_AFTER_SECONDS: '1', UPSTREAM_TIMEOUT_MS: '400' },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** As if the booking process died right after the charge: recorded `charging`, paid at payments. */
  async function chargedThenKilled(booking: Json) {
    await t.booking.infra.db.db.execute(
      sql`UPDATE bookings SET status = 'paying', pay_step = 'charging', payment_attempt = 1 WHERE id = ${booking.id}`,
    );
    const charge = await t.call('POST', '/api/payments', {
      base: t.payments.url,
      token: t.tokens.service,
      key: `booking:${booking.id}:charge:1`,
      body: {
        amount: booking.totalAmount,
        currency: booking.currency,
        reference: `booking:${booking.id}`,
        card: card(),
      },
    });
    expect(charge.status).toBe(201);
  }

  const bookingOf = async (id: string, token: string) =>
    (await t.call('GET', `/api/bookings/${id}`, { token })).body;

  it('recovery finishes a booking whose process died after the charge: confirmed, one charge', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(0, 2));
    await chargedThenKilled(booking);
    t.clock.advance(2);
    expect(await t.app.recover()).toBeGreaterThanOrEqual(1);
    const after = await bookingOf(booking.id, me.token);
    expect(after).toMatchObject({ status: 'confirmed', paidAmount: booking.totalAmount });
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('a charge that never reached payments goes back to awaiting payment, nothing charged', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(2, 3));
    await t.booking.infra.db.db.execute(
      sql`UPDATE bookings SET status = 'paying', pay_step = 'charging', payment_attempt = 1 WHERE id = ${booking.id}`,
    );
    t.clock.advance(2);
    await t.app.recover();
    expect(await bookingOf(booking.id, me.token)).toMatchObject({
      status: 'awaiting_payment',
      lastPaymentError: 'interrupted',
    });
    const paid = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(200);
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('a payment that lands after the hold ran out takes the same seats again when they are free', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(4, 6));
    await chargedThenKilled(booking);
    t.clock.advance(9 * 60); // the 8-minute hold is over; nobody took the seats
    await t.app.recover();
    expect(await bookingOf(booking.id, me.token)).toMatchObject({ status: 'confirmed' });
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('a payment that lands after the hold ran out and the seats went to someone else is refunded', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const seats = showtime.seats.slice(6, 8);
    const { booking } = await t.holdAndBook(showtime.id, me, seats);
    await chargedThenKilled(booking);
    t.clock.advance(9 * 60);
    const rival = await t.customer();
    const taken = await t.call('POST', `/api/showtimes/${showtime.id}/holds`, {
      base: t.showtimes.url,
      token: rival.token,
      body: { seats },
    });
    expect(taken.status).toBe(201);
    await t.app.recover();
    const after = await bookingOf(booking.id, me.token);
    expect(after).toMatchObject({ status: 'failed', refundedAmount: booking.totalAmount });
    await t.settle();
    expect(
      t.published.some(
        (m) => m.type === 'booking.failed.v1' && (m.payload as Json).bookingId === booking.id,
      ),
    ).toBe(true);
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('an unpaid booking expires with its hold: booking.expired, and paying it is refused', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(8, 9));
    t.clock.advance(9 * 60);
    expect(await t.app.expire()).toBeGreaterThanOrEqual(1);
    expect(await bookingOf(booking.id, me.token)).toMatchObject({ status: 'expired' });
    const late = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(late.status).toBe(409);
    await t.settle();
    expect(
      t.published.some(
        (m) => m.type === 'booking.expired.v1' && (m.payload as Json).bookingId === booking.id,
      ),
    ).toBe(true);
  });

  it('an unpaid booking whose hold the customer extended does not expire with the old time', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { holdId, booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(10, 11));
    t.clock.advance(4 * 60);
    const extended = await t.call('POST', `/api/holds/${holdId}/extend`, {
      base: t.showtimes.url,
      token: me.token,
    });
    expect(extended.status).toBe(200);
    t.clock.advance(4 * 60 + 30); // past the first expiry, before the extended one
    await t.app.expire();
    expect(await bookingOf(booking.id, me.token)).toMatchObject({
      status: 'awaiting_payment',
      expiresAt: extended.body.expiresAt,
    });
  });

  it('a showtime cancelled while a paid booking was confirming is cancelled and refunded in full', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { holdId, booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(12, 14));
    await chargedThenKilled(booking);
    // The seats were confirmed at showtimes just before the process died...
    const confirmed = await t.call('POST', `/api/holds/${holdId}/confirm`, {
      base: t.showtimes.url,
      token: t.tokens.service,
      body: { bookingRef: booking.id },
    });
    expect(confirmed.status).toBe(200);
    // ...and the showtime is cancelled before the booking could record it.
    const cancelled = await t.call('POST', `/api/showtimes/${showtime.id}/cancel`, {
      base: t.showtimes.url,
      token: t.tokens.admin,
      body: {},
    });
    expect(cancelled.status).toBe(200);
    await t.settle();
    t.clock.advance(2);
    await t.app.recover();
    await t.settle();
    expect(await bookingOf(booking.id, me.token)).toMatchObject({
      status: 'cancelled',
      refundedAmount: booking.totalAmount,
    });
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('a rescheduled showtime moves the cancellation cutoff of its bookings', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(0, 2));
    const later = new Date(Date.parse(booking.showtimeStartsAt) + 3 * 86_400_000).toISOString();
    const moved = await t.call('PATCH', `/api/showtimes/${showtime.id}`, {
      base: t.showtimes.url,
      token: t.tokens.admin,
      body: { startsAt: later },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await t.settle();
    expect((await bookingOf(booking.id, me.token)).showtimeStartsAt).toBe(later);
    // The event also drops what booking kept of the showtime: a new booking has the new start.
    const next = await t.holdAndBook(showtime.id, me, showtime.seats.slice(2, 3));
    expect(next.booking.showtimeStartsAt).toBe(later);
  });

  it('paying extends a hold about to run out, and leaves a longer one alone', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const holdOf = async (holdId: string) =>
      (await t.call('GET', `/api/holds/${holdId}`, { base: t.showtimes.url, token: me.token }))
        .body;
    const early = await t.holdAndBook(showtime.id, me, showtime.seats.slice(0, 2));
    const before = await holdOf(early.holdId);
    const paid = await t.call('POST', `/api/bookings/${early.booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(200);
    expect((await holdOf(early.holdId)).extensions).toBe(before.extensions);

    const other = await t.showtime();
    const late = await t.holdAndBook(other.id, me, other.seats.slice(0, 2));
    // 8-minute hold: 7 minutes on, one is left, less than PAY_HOLD_MIN_SECONDS (180 s).
    t.clock.advance(7 * 60);
    const paidLate = await t.call('POST', `/api/bookings/${late.booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paidLate.status).toBe(200);
    const extended = await holdOf(late.holdId);
    expect(extended.extensions).toBe(1);
    expect(Date.parse(extended.expiresAt)).toBeGreaterThan(Date.parse(late.booking.expiresAt));
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('a hold the customer released before paying: the charge is refunded, nothing sold', async () => {
    const showtime = await t.showtime();
    const me = await t.customer();
    const { holdId, booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(0, 2));
    const released = await t.call('DELETE', `/api/holds/${holdId}`, {
      base: t.showtimes.url,
      token: me.token,
    });
    expect(released.status).toBe(204);
    const paid = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(409);
    expect(paid.body).toMatchObject({
      type: expect.stringContaining('booking-failed'),
      bookingStatus: 'failed',
      booking: { failureReason: expect.stringContaining('released') },
    });
    expect(await bookingOf(booking.id, me.token)).toMatchObject({
      status: 'failed',
      refundedAmount: booking.totalAmount,
    });
    expect(await t.invariantViolations()).toEqual([]);
  });
});
