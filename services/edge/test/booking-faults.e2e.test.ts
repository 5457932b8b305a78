// Booking's faults in connected mode, every service its own process: the booking process killed
// (SIGKILL) while a payment is being charged, and RabbitMQ out of reach for 30 seconds while
// customers book and cancel. After each: no money without seats, no seats without money, no
// event lost, each consumed once in effect.
import { randomUUID } from 'node:crypto';
import { connect, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProxy, type BrokerProxy } from './broker-proxy.test-support.ts';
import {
  startConnectedPlatform,
  type ConnectedPlatform,
} from './connected-platform.test-support.ts';
import { sleep, waitFor, type Json } from './e2e.test-support.ts';

const OUTAGE_MS = 30_000;
const SLOW_CARD = '4000 0000 0000 3063';
const card = (number = '4242 4242 4242 4242') => ({
  number,
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 2,
  cvc: '123',
});

let p: ConnectedPlatform;
let proxy: BrokerProxy;
let showtimeId: string;

async function send(method: string, path: string, body?: unknown, token?: string, key?: string) {
  const res = await fetch(p.urls.edge + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
}

async function newCustomer(): Promise<string> {
  const reply = await send('POST', '/api/auth/register', {
    email: `faults-${randomUUID()}@example.com`,
    password: 'Faults passphrase 12',
    name: 'Fault Finder',
  });
  expect(reply.status).toBe(201);
  return reply.body.accessToken;
}

async function book(token: string): Promise<Json> {
  const hold = await send('POST', `/api/showtimes/${showtimeId}/holds`, { quantity: 2 }, token);
  expect(hold.status, JSON.stringify(hold.body)).toBe(201);
  const created = await send(
    'POST',
    '/api/bookings',
    {
      holdId: hold.body.holdId,
      tickets: hold.body.seats.map((seat: string) => ({ seat, ticketType: 'adult' })),
    },
    token,
    randomUUID(),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** Sold seats = seats of live tickets of confirmed bookings; captured - refunded = what they and the kept fees are worth. */
async function invariantViolations(): Promise<string[]> {
  const sold = await p.query<{ k: string }>(
    'showtimes',
    `SELECT showtime_id || '/' || label AS k FROM seats WHERE state = 'sold'`,
  );
  const live = await p.query<{ k: string }>(
    'booking',
    `SELECT b.showtime_id || '/' || i.seat AS k FROM booking_items i JOIN bookings b ON b.id = i.booking_id
     WHERE b.status = 'confirmed' AND i.cancelled_at IS NULL`,
  );
  const problems: string[] = [];
  const soldSet = new Set(sold.map((r) => r.k));
  const liveSet = new Set(live.map((r) => r.k));
  for (const k of soldSet) if (!liveSet.has(k)) problems.push(`sold without a ticket: ${k}`);
  for (const k of liveSet) if (!soldSet.has(k)) problems.push(`ticket without a sold seat: ${k}`);
  const [money] = await p.query<{ net: number }>(
    'payments',
    `SELECT coalesce(sum(captured_amount - refunded_amount), 0)::int AS net FROM payments`,
  );
  const [value] = await p.query<{ worth: number }>(
    'booking',
    `SELECT coalesce(sum(CASE WHEN i.cancelled_at IS NULL AND b.status = 'confirmed' THEN i.price
                             WHEN i.cancelled_at IS NOT NULL AND b.payment_id IS NOT NULL THEN i.price - i.refunded_amount ELSE 0 END), 0)::int AS worth
     FROM booking_items i JOIN bookings b ON b.id = i.booking_id`,
  );
  if (money!.net !== value!.worth)
    problems.push(`captured - refunded ${money!.net} != tickets and fees ${value!.worth}`);
  return problems;
}

beforeAll(async () => {
  // The services' broker connections go through a relay the test can take down, in front of
  // this platform's own vhost.
  p = await startConnectedPlatform({
    env: async ({ amqpUrl }) => {
      proxy = await startBrokerProxy(new URL(amqpUrl));
      const viaProxy = { AMQP_URL: proxy.url };
      return {
        showtimes: viaProxy,
        payments: { ...viaProxy, MOCK_PROVIDER_SLOW_MS: '3000' },
        booking: {
          ...viaProxy,
          RECOVERY_INTERVAL_MS: '500',
          RECOVERY_AFTER_SECONDS: '9',
          UPSTREAM_TIMEOUT_MS: '4000',
        },
      };
    },
  });
  const admin = (await send('POST', '/api/auth/login', p.admin)).body.accessToken;
  const theater = await send(
    'POST',
    '/api/theaters',
    {
      name: 'Fault Line Cinema',
      address: '1 Test Road',
      city: 'Lisbon',
      timezone: 'Europe/Lisbon',
    },
    admin,
  );
  const rows = ['A', 'B', 'C', 'D', 'E', 'F'].map((name) => ({
    name,
    seats: Array.from({ length: 10 }, (_, i) => ({
      label: `${name}${i + 1}`,
      category: 'standard',
    })),
  }));
  const screen = await send(
    'POST',
    `/api/theaters/${theater.body.id}/screens`,
    { name: 'One', layout: { rows } },
    admin,
  );
  const movie = await send(
    'POST',
    '/api/movies',
    {
      title: 'The Unbroken Saga',
      synopsis: 'A payment that survives everything.',
      runtimeMinutes: 100,
      rating: 'PG',
      genres: ['drama'],
      cast: ['A. Tester'],
      releaseDate: '2026-01-01',
    },
    admin,
  );
  const startsAt = new Date(Date.now() + 5 * 86_400_000);
  startsAt.setUTCHours(20, 0, 0, 0);
  const price = { adult: 1000, child: 700, senior: 800 };
  const showtime = await send(
    'POST',
    '/api/showtimes',
    {
      movieId: movie.body.id,
      theaterId: theater.body.id,
      screenId: screen.body.id,
      startsAt: startsAt.toISOString(),
      priceTable: {
        currency: 'EUR',
        prices: { standard: price, premium: price, wheelchair: price, companion: price },
      },
    },
    admin,
  );
  expect(showtime.status, JSON.stringify(showtime.body)).toBe(201);
  showtimeId = showtime.body.id;
}, 180_000);

afterAll(async () => {
  await p?.stop();
  await proxy?.close();
}, 60_000);

describe('booking faults, connected', () => {
  it('SIGKILL of booking while the card is charged: after a restart the booking is confirmed, charged once', async () => {
    const token = await newCustomer();
    const booking = await book(token);
    // The slow card keeps the charge at payments for 3 s; booking dies one second in.
    const paying = send(
      'POST',
      `/api/bookings/${booking.id}/pay`,
      { card: card(SLOW_CARD) },
      token,
      randomUUID(),
    ).catch(() => undefined);
    await sleep(1_000);
    p.running.booking!.child.kill('SIGKILL');
    expect((await p.running.booking!.exited()).signal).toBe('SIGKILL');
    await paying;
    const [step] = await p.query<{ status: string; pay_step: string }>(
      'booking',
      'SELECT status, pay_step FROM bookings WHERE id = $1',
      [booking.id],
    );
    expect(step).toEqual({ status: 'paying', pay_step: 'charging' });

    await p.start('booking');
    const settled = await waitFor(
      async () => {
        const reply = await send('GET', `/api/bookings/${booking.id}`, undefined, token);
        return ['confirmed', 'failed'].includes(reply.body?.status) ? reply.body : undefined;
      },
      {
        timeoutMs: 30_000,
        describe: () => `booking ${booking.id} never settled after the restart`,
      },
    );
    expect(settled.status).toBe('confirmed');
    const payments = await p.query<{
      status: string;
      captured_amount: number;
      refunded_amount: number;
    }>(
      'payments',
      'SELECT status, captured_amount, refunded_amount FROM payments WHERE reference = $1',
      [`booking:${booking.id}`],
    );
    expect(payments).toEqual([
      { status: 'succeeded', captured_amount: booking.totalAmount, refunded_amount: 0 },
    ]);
    expect(await invariantViolations()).toEqual([]);
  }, 60_000);

  it('RabbitMQ out of reach for 30 s while customers book and cancel: nothing lost, each event consumed once', async () => {
    // A witness on the broker itself, not through the proxy.
    const connection = await connect(p.amqpUrl);
    const received: ConsumeMessage[] = [];
    try {
      const channel = await connection.createChannel();
      await channel.assertExchange('marquee.events', 'topic', { durable: true });
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, 'marquee.events', 'booking.#');
      await channel.consume(queue, (m) => void (m && received.push(m)), { noAck: true });

      proxy.down();
      const token = await newCustomer();
      const bookings: Json[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await book(token);
        const paid = await send(
          'POST',
          `/api/bookings/${created.id}/pay`,
          { card: card() },
          token,
          randomUUID(),
        );
        expect(paid.status, JSON.stringify(paid.body)).toBe(200);
        bookings.push(paid.body);
      }
      const cancelled = await send(
        'POST',
        `/api/bookings/${bookings[0].id}/cancel`,
        { seats: [bookings[0].tickets[0].seat] },
        token,
      );
      expect(cancelled.status).toBe(200);
      await sleep(OUTAGE_MS / 2);
      // The refund follows booking.cancelled through the broker: nothing yet.
      const [during] = await p.query<{ refunded_amount: number }>(
        'payments',
        'SELECT refunded_amount FROM payments WHERE id = $1',
        [bookings[0].paymentId],
      );
      expect(during!.refunded_amount).toBe(0);
      const pending = await p.query<{ n: number }>(
        'booking',
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
      );
      expect(pending[0]!.n).toBeGreaterThan(0);
      await sleep(OUTAGE_MS / 2);
      proxy.up();

      await waitFor(
        async () => {
          const [paid] = await p.query<{ refunded_amount: number }>(
            'payments',
            'SELECT refunded_amount FROM payments WHERE id = $1',
            [bookings[0].paymentId],
          );
          return paid!.refunded_amount === cancelled.body.refund ? true : undefined;
        },
        { timeoutMs: 60_000, describe: () => 'the refund never followed the broker back' },
      );
      for (const service of ['booking', 'payments', 'showtimes'] as const) {
        await waitFor(
          async () => {
            const [left] = await p.query<{ n: number }>(
              service,
              'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
            );
            return left!.n === 0 ? true : undefined;
          },
          { timeoutMs: 30_000, describe: () => `${service}'s outbox never emptied` },
        );
      }
      const ofType = (type: string, bookingId: string) =>
        new Set(
          received
            .filter(
              (m) =>
                m.fields.routingKey === type &&
                (JSON.parse(m.content.toString()) as Json).bookingId === bookingId,
            )
            .map((m) => m.properties.messageId as string),
        );
      await waitFor(
        () =>
          bookings.every((b) => ofType('booking.confirmed.v1', b.id).size === 1) ? true : undefined,
        {
          timeoutMs: 20_000,
          describe: () => `booking.confirmed.v1 missing (${received.length} received)`,
        },
      );
      for (const b of bookings) {
        expect(ofType('booking.created.v1', b.id).size).toBe(1);
        expect(ofType('booking.confirmed.v1', b.id).size).toBe(1);
      }
      const cancellationIds = ofType('booking.cancelled.v1', bookings[0].id);
      expect(cancellationIds.size).toBe(1);
      const processed = await p.query<{ n: number }>(
        'booking',
        `SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'booking.cancellation-follow-up' AND event_id = $1`,
        [[...cancellationIds][0]],
      );
      expect(processed[0]!.n).toBe(1);
      await sleep(2_000);
      const [after] = await p.query<{ refunded_amount: number }>(
        'payments',
        'SELECT refunded_amount FROM payments WHERE id = $1',
        [bookings[0].paymentId],
      );
      expect(after!.refunded_amount).toBe(cancelled.body.refund);
      expect(await invariantViolations()).toEqual([]);
    } finally {
      proxy.up();
      await connection.close();
    }
  }, 150_000);
});
