// The booking journey every way of running the platform must pass, through the edge: hold, book,
// pay with each test card, receive tickets, check in at the door, cancel one ticket and be
// refunded; and another customer can neither see nor cancel the booking.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiClient, waitFor, type Json } from './e2e.test-support.ts';
import type { PlatformContext } from './platform.scenarios.ts';

const card = (number: string) => ({
  number,
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: '123',
});

export function describeBookingScenarios(title: string, context: () => PlatformContext): void {
  const send = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    key?: string,
  ) => {
    const res = await fetch(context().base + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      type,
      body: type.includes('json') && text ? JSON.parse(text) : text,
    };
  };
  const login = async (who: { email: string; password: string }) => {
    const reply = await createApiClient(context().base)('POST', '/api/auth/login', who);
    expect(reply.status).toBe(200);
    return reply.body.accessToken as string;
  };

  describe(title, () => {
    it('books, pays with each test card, issues tickets, checks in, cancels one and refunds it', async () => {
      const customer = await login(context().customer);
      const staff = await login(context().staff);
      const upcoming = await send('GET', '/api/showtimes?limit=100');
      // Over three hours ahead, so cancelling is still allowed (the cutoff is two hours).
      const showtime = upcoming.body.items.find(
        (s: Json) => s.counts.available >= 6 && Date.parse(s.startsAt) > Date.now() + 3 * 3_600_000,
      );
      expect(showtime, 'a showtime with free seats').toBeDefined();

      const hold = await send(
        'POST',
        `/api/showtimes/${showtime.id}/holds`,
        { quantity: 2 },
        customer,
      );
      expect(hold.status, JSON.stringify(hold.body)).toBe(201);
      const [first, second] = hold.body.seats as string[];
      const bookingKey = randomUUID();
      const body = {
        holdId: hold.body.holdId,
        tickets: [
          { seat: first, ticketType: 'adult' },
          { seat: second, ticketType: 'child' },
        ],
      };
      const created = await send('POST', '/api/bookings', body, customer, bookingKey);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.status).toBe('awaiting_payment');
      const replay = await send('POST', '/api/bookings', body, customer, bookingKey);
      expect(replay.body.id).toBe(created.body.id);
      const id = created.body.id as string;

      for (const [number, status, code] of [
        ['4000 0000 0000 0002', 402, 'card_declined'],
        ['4000 0000 0000 9995', 402, 'insufficient_funds'],
        ['4000 0000 0000 0119', 502, 'processing_error'],
      ] as const) {
        const refused = await send(
          'POST',
          `/api/bookings/${id}/pay`,
          { card: card(number) },
          customer,
          randomUUID(),
        );
        expect(refused.status).toBe(status);
        expect(refused.type).toContain('application/problem+json');
        expect(refused.body.code).toBe(code);
      }
      const invalid = await send(
        'POST',
        `/api/bookings/${id}/pay`,
        { card: card('4242 4242 4242 4241') },
        customer,
        randomUUID(),
      );
      expect(invalid.status).toBe(400);

      const paid = await send(
        'POST',
        `/api/bookings/${id}/pay`,
        { card: card('4242 4242 4242 4242') },
        customer,
        randomUUID(),
      );
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      expect(paid.body).toMatchObject({
        status: 'confirmed',
        paidAmount: created.body.totalAmount,
      });
      const [ticketA, ticketB] = paid.body.tickets as Json[];
      expect(ticketA.code).toEqual(expect.any(String));

      const scan = await send('POST', '/api/tickets/check-in', { code: ticketA.code }, staff);
      expect(scan.status).toBe(200);
      expect(scan.body.result).toBe('valid');
      const again = await send('POST', '/api/tickets/check-in', { code: ticketA.code }, staff);
      expect(again.body).toMatchObject({ result: 'already_used', usedAt: expect.any(String) });
      expect(
        (await send('POST', '/api/tickets/check-in', { code: 'not.a.ticket' }, staff)).body.result,
      ).toBe('invalid');
      expect(
        (await send('POST', '/api/tickets/check-in', { code: ticketA.code }, customer)).status,
      ).toBe(403);
      const qr = await send('GET', `/api/tickets/${ticketB.ticketId}/qr.png`, undefined, customer);
      expect(qr.status).toBe(200);
      expect(qr.type).toBe('image/png');

      const stranger = (
        await send('POST', '/api/auth/register', {
          email: `stranger-${randomUUID()}@example.com`,
          password: 'Stranger passphrase 9',
          name: 'Stranger',
        })
      ).body.accessToken as string;
      expect((await send('GET', `/api/bookings/${id}`, undefined, stranger)).status).toBe(404);
      expect((await send('POST', `/api/bookings/${id}/cancel`, {}, stranger)).status).toBe(404);

      const cancelled = await send(
        'POST',
        `/api/bookings/${id}/cancel`,
        { seats: [ticketB.seat] },
        customer,
      );
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      expect(cancelled.body.refund + cancelled.body.fee).toBe(ticketB.price);
      const admin = await login(context().admin);
      const payment = await waitFor(
        async () => {
          const p = await send('GET', `/api/payments/${paid.body.paymentId}`, undefined, admin);
          return p.body.refundedAmount === cancelled.body.refund ? p.body : undefined;
        },
        { timeoutMs: 20_000, describe: () => 'the refund of the cancelled ticket never arrived' },
      );
      expect(payment.capturedAmount).toBe(created.body.totalAmount);
      const map = await waitFor(
        async () => {
          const m = await send('GET', `/api/showtimes/${showtime.id}/seats`);
          const states = new Map((m.body.seats as Json[]).map((s) => [s.label, s.state]));
          return states.get(ticketB.seat) === 'available' ? states : undefined;
        },
        { timeoutMs: 20_000, describe: () => 'the cancelled seat never went back on sale' },
      );
      expect(map.get(ticketA.seat)).toBe('sold');
    });
  });
}
