// The RabbitMQ adapter against a real broker: confirms, routing, retry through delay queues,
// parking in the DLQ, and recovery after the connection drops.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/index.ts';
import { TEST_AMQP_URL } from '../testing/index.ts';
import type { BusMessage, DeliveredMessage, EventBus } from './event-bus.ts';
import { parkingQueueName } from './names.ts';
import { createRabbitBus } from './rabbit-bus.ts';
import { openTestBroker, type TestBroker } from './rabbit.test-support.ts';
import { retryDelays, resolveRetryPolicy } from './retry-policy.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.test-support.ts';

const logger = createLogger({ service: 'rabbit-bus-test', level: 'silent' });
const retry = { maxAttempts: 3, initialDelayMs: 100, factor: 2, maxDelayMs: 1_000 };

const event = (routingKey: string, payload: unknown = { seat: 'A1' }): BusMessage => ({
  id: randomUUID(),
  type: routingKey,
  routingKey,
  payload,
  headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  occurredAt: new Date('2030-01-01T10:00:00.123Z'),
});

describe('RabbitMQ bus', () => {
  let broker: TestBroker;
  let bus: EventBus;

  beforeAll(async () => {
    broker = await openTestBroker();
    bus = await createRabbitBus({
      url: TEST_AMQP_URL,
      exchange: broker.exchange,
      logger,
      retry,
      resubscribeDelayMs: 50,
    });
  });

  afterAll(async () => {
    await bus?.close();
    await broker?.cleanup(retryDelays(resolveRetryPolicy(retry)));
  });

  it('publishes with confirms and delivers to each bound queue', async () => {
    const seats: DeliveredMessage[] = [];
    const everything: DeliveredMessage[] = [];
    const a = await bus.subscribe({
      queue: broker.queue('seats'),
      bindings: ['seat.*.v1'],
      handler: async (m) => void seats.push(m),
    });
    const b = await bus.subscribe({
      queue: broker.queue('all'),
      bindings: ['#'],
      handler: async (m) => void everything.push(m),
    });
    const held = event('seat.held.v1');
    await bus.publish(held);
    await bus.publish(event('booking.confirmed.v1'));

    await vi.waitFor(() => expect(everything).toHaveLength(2), { timeout: 5_000 });
    expect(seats).toHaveLength(1);
    expect(seats[0]).toMatchObject({
      id: held.id,
      type: 'seat.held.v1',
      routingKey: 'seat.held.v1',
      payload: { seat: 'A1' },
      headers: held.headers,
      attempt: 1,
      queue: a.queue,
    });
    expect(seats[0]!.occurredAt.toISOString()).toBe('2030-01-01T10:00:00.123Z');
    await a.close();
    await b.close();
  });

  it('retries a failing handler with backoff through delay queues, keeping the routing key', async () => {
    const attempts: DeliveredMessage[] = [];
    const times: number[] = [];
    const sub = await bus.subscribe({
      queue: broker.queue('flaky'),
      bindings: ['seat.released.v1'],
      handler: async (m) => {
        attempts.push(m);
        times.push(Date.now());
        if (m.attempt < 3) throw new Error('database busy');
      },
    });
    await bus.publish(event('seat.released.v1'));

    await vi.waitFor(() => expect(attempts).toHaveLength(3), { timeout: 5_000 });
    expect(attempts.map((m) => m.attempt)).toEqual([1, 2, 3]);
    expect(attempts.map((m) => m.routingKey)).toEqual(Array(3).fill('seat.released.v1'));
    expect(attempts[2]!.headers).toEqual(attempts[0]!.headers);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(90);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(190);
    await sub.close();
    expect(await broker.drain(parkingQueueName(sub.queue))).toEqual([]);
  });

  it('parks a poison message in <queue>.dlq after the last attempt, with the error', async () => {
    let calls = 0;
    const sub = await bus.subscribe({
      queue: broker.queue('poison'),
      bindings: ['seat.held.v1'],
      handler: async () => {
        calls++;
        throw new Error('cannot handle this');
      },
    });
    const poison = event('seat.held.v1', { seat: 'Z9' });
    await bus.publish(poison);

    const dlq = parkingQueueName(sub.queue);
    let parked: Awaited<ReturnType<TestBroker['drain']>> = [];
    await vi.waitFor(
      async () => {
        parked = parked.concat(await broker.drain(dlq));
        expect(parked).toHaveLength(1);
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(calls).toBe(3);
    const [msg] = parked;
    expect(msg!.properties.messageId).toBe(poison.id);
    expect(JSON.parse(msg!.content.toString())).toEqual({ seat: 'Z9' });
    expect(msg!.properties.headers).toMatchObject({
      'x-attempt': 3,
      'x-last-error': 'Error: cannot handle this',
      'x-routing-key': 'seat.held.v1',
    });
    await sub.close();
    expect((await broker.channel.checkQueue(sub.queue)).messageCount).toBe(0);
  });

  it('parks a message whose body is not JSON without calling the handler', async () => {
    let calls = 0;
    const sub = await bus.subscribe({
      queue: broker.queue('garbage'),
      bindings: ['garbage.v1'],
      handler: async () => void calls++,
    });
    broker.channel.publish(broker.exchange, 'garbage.v1', Buffer.from('{not json'), {
      messageId: 'x',
    });

    await vi.waitFor(
      async () =>
        expect((await broker.channel.checkQueue(parkingQueueName(sub.queue))).messageCount).toBe(1),
      { timeout: 5_000, interval: 50 },
    );
    expect(calls).toBe(0);
    await sub.close();
  });

  it('declares its queue again and goes on consuming when the queue is deleted under it', async () => {
    const seen: string[] = [];
    const sub = await bus.subscribe({
      queue: broker.queue('deleted'),
      bindings: ['movie.published.v1'],
      handler: async (m) => void seen.push(m.id),
    });
    await broker.channel.deleteQueue(sub.queue);

    const again = event('movie.published.v1');
    await vi.waitFor(
      async () => {
        await bus.publish(again);
        expect(seen).toContain(again.id);
      },
      { timeout: 5_000, interval: 100 },
    );
    await sub.close();
  });

  describe('when the connection drops', () => {
    let proxy: TcpProxy;
    let fragile: EventBus;

    beforeAll(async () => {
      proxy = await startTcpProxy('127.0.0.1', Number(new URL(TEST_AMQP_URL).port || 5672));
      const url = new URL(TEST_AMQP_URL);
      url.port = String(proxy.port);
      fragile = await createRabbitBus({
        url: url.toString(),
        exchange: broker.exchange,
        logger,
        retry,
        reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      });
    });

    afterAll(async () => {
      await fragile?.close();
      await proxy?.close();
    });

    it('reconnects, re-declares and re-subscribes', async () => {
      const seen: string[] = [];
      const sub = await fragile.subscribe({
        queue: broker.queue('recovering'),
        bindings: ['showtime.cancelled.v1'],
        handler: async (m) => void seen.push(m.id),
      });
      const before = event('showtime.cancelled.v1');
      await fragile.publish(before);
      await vi.waitFor(() => expect(seen).toEqual([before.id]), { timeout: 5_000 });

      proxy.cutConnections();
      await vi.waitFor(() => expect(fragile.ping()).rejects.toThrow(/not connected/), {
        timeout: 2_000,
      });

      await vi.waitFor(() => fragile.ping(), { timeout: 5_000, interval: 50 });
      const after = event('showtime.cancelled.v1');
      await fragile.publish(after);
      // An ack cut off with the connection brings `before` back once more: at-least-once.
      await vi.waitFor(() => expect(new Set(seen)).toEqual(new Set([before.id, after.id])), {
        timeout: 5_000,
      });
      await sub.close();
    });
  });
});
