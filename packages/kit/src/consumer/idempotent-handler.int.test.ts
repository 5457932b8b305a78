// Idempotent consumers on real PostgreSQL and RabbitMQ: a duplicate has no effect, a failure rolls
// back effect and dedupe record together, a poison message is parked, and events that a crashed
// relay published twice take effect once.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BusMessage, DeliveredMessage, EventBus } from '../bus/event-bus.ts';
import { parkingQueueName } from '../bus/names.ts';
import { createRabbitBus } from '../bus/rabbit-bus.ts';
import { openTestBroker, type TestBroker } from '../bus/rabbit.test-support.ts';
import { retryDelays, resolveRetryPolicy } from '../bus/retry-policy.ts';
import type { Transaction } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { enqueueEvent } from '../outbox/enqueue-event.ts';
import { createOutboxRelay } from '../outbox/outbox-relay.ts';
import { outbox, processedEvents } from '../tables/index.ts';
import {
  openKitTestDatabase,
  queryRows,
  type KitTestDatabase,
} from '../tables/test-database.test-support.ts';
import { TEST_AMQP_URL } from '../testing/index.ts';
import { createIdempotentHandler } from './idempotent-handler.ts';

const logger = createLogger({ service: 'consumer-test', level: 'silent' });
const retry = { maxAttempts: 3, initialDelayMs: 50, factor: 2, maxDelayMs: 500 };
const EFFECTS_DDL = ['CREATE TABLE sold_seats (event_id uuid NOT NULL, seat text NOT NULL)'];

const event = (payload: { seat: string }, id: string = randomUUID()): BusMessage => ({
  id,
  type: 'seat.sold.v1',
  routingKey: 'seat.sold.v1',
  payload,
  headers: {},
  occurredAt: new Date(),
});

describe('idempotent handler', () => {
  let database: KitTestDatabase;
  let broker: TestBroker;
  let bus: EventBus;

  beforeAll(async () => {
    [database, broker] = await Promise.all([openKitTestDatabase(EFFECTS_DDL), openTestBroker()]);
    bus = await createRabbitBus({ url: TEST_AMQP_URL, exchange: broker.exchange, logger, retry });
  });

  afterAll(async () => {
    await bus?.close();
    await broker?.cleanup(retryDelays(resolveRetryPolicy(retry)));
    await database?.close();
  });

  const sellSeat = async (tx: Transaction, e: DeliveredMessage) => {
    const { seat } = e.payload as { seat: string };
    await tx.execute(sql`INSERT INTO sold_seats (event_id, seat) VALUES (${e.id}, ${seat})`);
  };

  const effectsOf = async (eventId: string) =>
    queryRows<{ seat: string }>(
      database.db,
      sql`SELECT seat FROM sold_seats WHERE event_id = ${eventId}`,
    );

  const processed = (consumer: string) =>
    database.db.select().from(processedEvents).where(eq(processedEvents.consumer, consumer));

  /** Subscribes `handler`, counting every delivery that finished (successfully or not). */
  async function subscribe(label: string, handler: (m: DeliveredMessage) => Promise<void>) {
    const deliveries: DeliveredMessage[] = [];
    const queue = broker.queue(label);
    const subscription = await bus.subscribe({
      queue,
      bindings: ['seat.sold.v1'],
      handler: async (m) => {
        try {
          await handler(m);
        } finally {
          deliveries.push(m);
        }
      },
    });
    return { queue, deliveries, subscription };
  }

  it('handles the same event published twice only once', async () => {
    const consumer = 'sales-dup';
    let calls = 0;
    const { deliveries, subscription } = await subscribe(
      'dup',
      createIdempotentHandler({
        db: database.db,
        consumer,
        handle: async (tx, e) => {
          calls++;
          await sellSeat(tx, e);
        },
      }),
    );
    const sold = event({ seat: 'A1' });
    await bus.publish(sold);
    await bus.publish(sold);

    await vi.waitFor(() => expect(deliveries).toHaveLength(2), { timeout: 5_000 });
    expect(calls).toBe(1);
    expect(await effectsOf(sold.id)).toEqual([{ seat: 'A1' }]);
    expect((await processed(consumer)).map((r) => r.eventId)).toEqual([sold.id]);
    await subscription.close();
  });

  it('rolls back the dedupe record with a failed effect, so the retry applies it', async () => {
    const consumer = 'sales-retry';
    const { deliveries, subscription } = await subscribe(
      'retry',
      createIdempotentHandler({
        db: database.db,
        consumer,
        handle: async (tx, e) => {
          await sellSeat(tx, e);
          if (e.attempt === 1) throw new Error('lost the database halfway');
        },
      }),
    );
    const sold = event({ seat: 'B2' });
    await bus.publish(sold);

    await vi.waitFor(() => expect(deliveries).toHaveLength(2), { timeout: 5_000 });
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    expect(await effectsOf(sold.id)).toEqual([{ seat: 'B2' }]);
    expect(await processed(consumer)).toHaveLength(1);
    await subscription.close();
  });

  it('retries a poison message with backoff, then parks it with nothing recorded', async () => {
    const consumer = 'sales-poison';
    const { queue, deliveries, subscription } = await subscribe(
      'poison',
      createIdempotentHandler({
        db: database.db,
        consumer,
        handle: async (tx, e) => {
          await sellSeat(tx, e);
          throw new Error('seat map says no');
        },
      }),
    );
    const poison = event({ seat: 'C3' });
    await bus.publish(poison);

    await vi.waitFor(
      async () =>
        expect((await broker.channel.checkQueue(parkingQueueName(queue))).messageCount).toBe(1),
      { timeout: 5_000, interval: 50 },
    );
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);
    const [parked] = await broker.drain(parkingQueueName(queue));
    expect(parked!.properties.messageId).toBe(poison.id);
    expect(parked!.properties.headers!['x-last-error']).toBe('Error: seat map says no');
    expect(await effectsOf(poison.id)).toEqual([]);
    expect(await processed(consumer)).toEqual([]);
    await subscription.close();
  });

  it('parks an event whose id is not a uuid at once', async () => {
    let calls = 0;
    const { queue, deliveries, subscription } = await subscribe(
      'bad-id',
      createIdempotentHandler({
        db: database.db,
        consumer: 'sales-bad-id',
        handle: async () => void calls++,
      }),
    );
    await bus.publish(event({ seat: 'D4' }, 'not-a-uuid'));

    await vi.waitFor(
      async () =>
        expect((await broker.channel.checkQueue(parkingQueueName(queue))).messageCount).toBe(1),
      { timeout: 5_000, interval: 50 },
    );
    expect(deliveries).toHaveLength(1);
    expect(calls).toBe(0);
    await subscription.close();
  });

  it('applies once each event a crashed relay published twice', async () => {
    const consumer = 'sales-e2e';
    const { deliveries, subscription } = await subscribe(
      'e2e',
      createIdempotentHandler({ db: database.db, consumer, handle: sellSeat }),
    );
    const ids = await database.db.transaction(async (tx) => {
      const written: string[] = [];
      for (const seat of ['E1', 'E2', 'E3']) {
        written.push((await enqueueEvent(tx, { type: 'seat.sold.v1', payload: { seat } })).id);
      }
      return written;
    });

    const doomed = database.openPool('consumer-test-doomed-relay');
    const crashingBus: EventBus = {
      ...bus,
      async publish(message) {
        await bus.publish(message);
        await database.db.execute(
          sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'consumer-test-doomed-relay'`,
        );
      },
    };
    await expect(
      createOutboxRelay({ db: doomed.db, bus: crashingBus, logger }).drainOnce(),
    ).rejects.toThrow();
    expect(await createOutboxRelay({ db: database.db, bus, logger }).drainOnce()).toBe(3);

    await vi.waitFor(() => expect(deliveries).toHaveLength(6), { timeout: 5_000 });
    for (const id of ids) expect(await effectsOf(id)).toHaveLength(1);
    expect((await processed(consumer)).map((r) => r.eventId).sort()).toEqual([...ids].sort());
    expect(
      await database.db
        .select()
        .from(outbox)
        .where(sql`${outbox.publishedAt} IS NULL`),
    ).toEqual([]);
    await subscription.close();
  });
});
