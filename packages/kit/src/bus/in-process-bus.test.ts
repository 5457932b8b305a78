// The in-process bus keeps RabbitMQ's rules: topic routing per queue, retries with backoff, parking.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PermanentMessageError, type BusMessage, type DeliveredMessage } from './event-bus.ts';
import { createInProcessBus } from './in-process-bus.ts';

const event = (routingKey: string, payload: unknown = { n: 1 }): BusMessage => ({
  id: randomUUID(),
  type: routingKey,
  routingKey,
  payload,
  headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  occurredAt: new Date('2030-01-01T10:00:00.123Z'),
});

const fastRetry = { maxAttempts: 3, initialDelayMs: 20, factor: 2, maxDelayMs: 1_000 };

describe('in-process bus', () => {
  it('routes by topic pattern, one copy to each bound queue', async () => {
    const bus = createInProcessBus();
    const seen: Record<string, string[]> = { seats: [], all: [], bookings: [] };
    const record = (queue: string) => async (m: DeliveredMessage) =>
      void seen[queue]!.push(m.routingKey);
    await bus.subscribe({ queue: 'x.seats', bindings: ['seat.*.v1'], handler: record('seats') });
    await bus.subscribe({ queue: 'x.all', bindings: ['#'], handler: record('all') });
    await bus.subscribe({
      queue: 'x.bookings',
      bindings: ['booking.#'],
      handler: record('bookings'),
    });

    await bus.publish(event('seat.held.v1'));
    await bus.publish(event('booking.confirmed.v1'));
    await bus.publish(event('seat.held.v2'));
    await bus.whenIdle();

    expect(seen.seats).toEqual(['seat.held.v1']);
    expect(seen.bookings).toEqual(['booking.confirmed.v1']);
    expect(seen.all).toEqual(['seat.held.v1', 'booking.confirmed.v1', 'seat.held.v2']);
    await bus.close();
  });

  it('delivers the message as it would cross the wire, with attempt and queue', async () => {
    const bus = createInProcessBus();
    const received: DeliveredMessage[] = [];
    await bus.subscribe({
      queue: 'x.copy',
      bindings: ['seat.held.v1'],
      handler: async (m) => {
        received.push(m);
        (m.payload as { n: number }).n = 99;
      },
    });
    const sent = event('seat.held.v1', { n: 1, at: new Date('2030-01-01T00:00:00Z') });
    await bus.publish(sent);
    await bus.whenIdle();

    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message).toMatchObject({
      id: sent.id,
      type: 'seat.held.v1',
      attempt: 1,
      queue: 'x.copy',
      headers: sent.headers,
      payload: { n: 99, at: '2030-01-01T00:00:00.000Z' },
    });
    expect(message!.occurredAt.toISOString()).toBe('2030-01-01T10:00:00.123Z');
    expect((sent.payload as { n: number }).n).toBe(1);
    await bus.close();
  });

  it('retries a failing handler with growing delays, then succeeds', async () => {
    const bus = createInProcessBus({ retry: fastRetry });
    const attempts: { attempt: number; at: number }[] = [];
    await bus.subscribe({
      queue: 'x.flaky',
      bindings: ['seat.#'],
      handler: async (m) => {
        attempts.push({ attempt: m.attempt, at: Date.now() });
        if (m.attempt < 3) throw new Error('not yet');
      },
    });
    await bus.publish(event('seat.held.v1'));
    await bus.whenIdle();

    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(18);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(38);
    expect(bus.parked('x.flaky')).toEqual([]);
    await bus.close();
  });

  it('parks a poison message after the last attempt', async () => {
    const bus = createInProcessBus({ retry: fastRetry });
    let calls = 0;
    await bus.subscribe({
      queue: 'x.poison',
      bindings: ['seat.#'],
      handler: async () => {
        calls++;
        throw new Error('always broken');
      },
    });
    const sent = event('seat.held.v1');
    await bus.publish(sent);
    await bus.whenIdle();

    expect(calls).toBe(3);
    const parked = bus.parked('x.poison');
    expect(parked).toHaveLength(1);
    expect(parked[0]!.message).toMatchObject({ id: sent.id, attempt: 3 });
    expect(parked[0]!.error).toBe('Error: always broken');
    await bus.close();
  });

  it('parks at once on a permanent error', async () => {
    const bus = createInProcessBus({ retry: fastRetry });
    let calls = 0;
    await bus.subscribe({
      queue: 'x.permanent',
      bindings: ['#'],
      handler: async () => {
        calls++;
        throw new PermanentMessageError('unknown version');
      },
    });
    await bus.publish(event('seat.held.v9'));
    await bus.whenIdle();
    expect(calls).toBe(1);
    expect(bus.parked('x.permanent')).toHaveLength(1);
    await bus.close();
  });

  it('keeps messages for a queue whose consumer is away, like a durable queue', async () => {
    const bus = createInProcessBus();
    const seen: string[] = [];
    const handler = async (m: DeliveredMessage) => void seen.push(m.id);
    const first = await bus.subscribe({ queue: 'x.durable', bindings: ['seat.#'], handler });
    await first.close();
    const waiting = event('seat.held.v1');
    await bus.publish(waiting);
    await bus.whenIdle();
    expect(seen).toEqual([]);

    await bus.subscribe({ queue: 'x.durable', bindings: ['seat.#'], handler });
    await bus.whenIdle();
    expect(seen).toEqual([waiting.id]);
    await bus.close();
  });

  it('runs at most `prefetch` handlers of one queue at once', async () => {
    const bus = createInProcessBus();
    let running = 0;
    let most = 0;
    await bus.subscribe({
      queue: 'x.prefetch',
      bindings: ['#'],
      prefetch: 2,
      handler: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
    });
    await Promise.all(Array.from({ length: 6 }, () => bus.publish(event('seat.held.v1'))));
    await bus.whenIdle();
    expect(most).toBe(2);
    await bus.close();
  });

  it('refuses a malformed message at the publisher', async () => {
    const bus = createInProcessBus();
    await expect(bus.publish(event('seat..held'))).rejects.toThrow(RangeError);
    await expect(bus.publish({ ...event('seat.held.v1'), id: '' })).rejects.toThrow(RangeError);
    await bus.close();
    await expect(bus.publish(event('seat.held.v1'))).rejects.toThrow(/closed/);
  });
});
