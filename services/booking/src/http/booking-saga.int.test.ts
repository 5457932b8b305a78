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
    t = await startTestPlatform({ env: { RECOVERY_AFTER_SECONDS: '1' } });
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
});
