// Cancelling bookings: by the customer (whole or some tickets, fee bands, cutoff), and every
// booking of a cancelled showtime; refunds and seats follow through events, processed once each.
import { randomUUID } from 'node:crypto';
import type { DeliveredMessage } from '@marquee/kit/bus';
import { CANCELLATION_QUEUE } from '../messaging/booking-consumers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, startTestPlatform, type Json, type TestPlatform } from './booking.test-support.ts';

describe('cancellations', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function paidBooking(seats: number, daysAhead = 10) {
    const showtime = await t.showtime({ daysAhead });
    const me = await t.customer();
    const { booking } = await t.holdAndBook(showtime.id, me, showtime.seats.slice(0, seats));
    const paid = await t.call('POST', `/api/bookings/${booking.id}/pay`, {
      token: me.token,
      key: randomUUID(),
      body: { card: card() },
    });
    expect(paid.status).toBe(200);
    return { showtime, me, booking: paid.body };
  }

  const seatStates = async (showtimeId: string) => {
    const map = await t.call('GET', `/api/showtimes/${showtimeId}/seats`, {
      base: t.showtimes.url,
    });
    return new Map((map.body.seats as Json[]).map((s) => [s.label as string, s.state as string]));
  };
  const paymentOf = async (id: string) =>
    (await t.call('GET', `/api/payments/${id}`, { base: t.payments.url, token: t.tokens.admin }))
      .body;

  it('cancels one ticket of two a week ahead: full refund of it, its seat back on sale', async () => {
    const { showtime, me, booking } = await paidBooking(2, 10);
    const [keep, drop] = booking.tickets.map((x: Json) => x.seat);
    const reply = await t.call('POST', `/api/bookings/${booking.id}/cancel`, {
      token: me.token,
      body: { seats: [drop] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ cancelledSeats: [drop], refund: 1000, fee: 0 });
    expect(reply.body.booking.status).toBe('confirmed');
    await t.settle();
    expect((await paymentOf(booking.paymentId)).refundedAmount).toBe(1000);
    const states = await seatStates(showtime.id);
    expect([states.get(keep), states.get(drop)]).toEqual(['sold', 'available']);
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('keeps a 25% fee a day ahead, ends the booking when its last ticket goes, refuses after the cutoff', async () => {
    const { booking, me } = await paidBooking(1, 1);
    const reply = await t.call('POST', `/api/bookings/${booking.id}/cancel`, {
      token: me.token,
      body: {},
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ refund: 750, fee: 250 });
    expect(reply.body.booking.status).toBe('cancelled');
    await t.settle();
    expect((await paymentOf(booking.paymentId)).refundedAmount).toBe(750);
    expect(await t.invariantViolations()).toEqual([]);

    const late = await paidBooking(1, 10);
    t.clock.advance(10 * 86_400 - 3600); // an hour before the show: past the 2-hour cutoff
    const refused = await t.call('POST', `/api/bookings/${late.booking.id}/cancel`, {
      token: late.me.token,
      body: {},
    });
    t.clock.advance(-(10 * 86_400 - 3600));
    expect(refused.status).toBe(409);
    expect(refused.body.cutoff).toBeDefined();
  });

  it('a cancelled showtime cancels and fully refunds its paid bookings, and ends unpaid ones', async () => {
    const { showtime, me, booking } = await paidBooking(2, 10);
    const other = await t.customer();
    const { booking: unpaid } = await t.holdAndBook(showtime.id, other, showtime.seats.slice(4, 5));
    const cancelled = await t.call('POST', `/api/showtimes/${showtime.id}/cancel`, {
      base: t.showtimes.url,
      token: t.tokens.admin,
      body: {},
    });
    expect(cancelled.status).toBe(200);
    await t.settle();
    const after = (await t.call('GET', `/api/bookings/${booking.id}`, { token: me.token })).body;
    expect(after).toMatchObject({ status: 'cancelled', refundedAmount: booking.paidAmount });
    expect((await paymentOf(booking.paymentId)).refundedAmount).toBe(booking.paidAmount);
    const unpaidAfter = (await t.call('GET', `/api/bookings/${unpaid.id}`, { token: other.token }))
      .body;
    expect(unpaidAfter.status).toBe('cancelled');
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('the same booking.cancelled delivered twice refunds once', async () => {
    const { me, booking } = await paidBooking(2, 10);
    const seen: DeliveredMessage[] = [];
    const tap = await t.bus.subscribe({
      queue: `test.tap-${randomUUID().slice(0, 8)}`,
      bindings: ['booking.cancelled.v1'],
      handler: async (m) => void seen.push(m),
    });
    await t.call('POST', `/api/bookings/${booking.id}/cancel`, {
      token: me.token,
      body: { seats: [booking.tickets[0].seat] },
    });
    await t.settle();
    const event = seen.find((m) => (m.payload as Json).bookingId === booking.id)!;
    expect(event).toBeDefined();
    // The broker delivers it again (at-least-once): same id, same payload.
    await t.bus.publish({
      id: event.id,
      type: event.type,
      routingKey: event.routingKey,
      payload: event.payload,
      headers: event.headers,
      occurredAt: event.occurredAt,
    });
    await t.settle();
    expect((await paymentOf(booking.paymentId)).refundedAmount).toBe(1000);
    await tap.close();
    expect(t.bus.parked(CANCELLATION_QUEUE).map((p) => JSON.stringify(p).slice(0, 600))).toEqual(
      [],
    );
    expect(await t.invariantViolations()).toEqual([]);
  });

  it('refuses to cancel a ticket used at the door; staff cancel without a fee', async () => {
    const { me, booking } = await paidBooking(2, 1);
    const [used, other] = booking.tickets as Json[];
    const scan = await t.call('POST', '/api/tickets/check-in', {
      token: t.tokens.staff,
      body: { code: used.code },
    });
    expect(scan.body.result).toBe('valid');
    const refused = await t.call('POST', `/api/bookings/${booking.id}/cancel`, {
      token: me.token,
      body: { seats: [used.seat] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.usedSeats).toEqual([used.seat]);
    const byStaff = await t.call('POST', `/api/bookings/${booking.id}/cancel`, {
      token: t.tokens.staff,
      body: { seats: [other.seat] },
    });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body).toMatchObject({ refund: other.price, fee: 0 });
    await t.settle();
    expect(await t.invariantViolations()).toEqual([]);
  });
});
