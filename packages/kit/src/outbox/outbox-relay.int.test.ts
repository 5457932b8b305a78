// The relay on real PostgreSQL and RabbitMQ: confirmed publishing, marking, low latency on notify,
// no double claim between racing relays, and nothing lost when a relay dies mid-batch.
import { isNotNull, isNull, sql } from 'drizzle-orm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BusMessage, EventBus } from '../bus/event-bus.ts';
import { createRabbitBus } from '../bus/rabbit-bus.ts';
import { openTestBroker, type TestBroker } from '../bus/rabbit.test-support.ts';
import { createLogger } from '../logging/index.ts';
import { outbox } from '../tables/index.ts';
import { openKitTestDatabase, type KitTestDatabase } from '../tables/test-database.test-support.ts';
import { TEST_AMQP_URL } from '../testing/index.ts';
import { enqueueEvent } from './enqueue-event.ts';
import { createOutboxRelay } from './outbox-relay.ts';

const logger = createLogger({ service: 'outbox-relay-test', level: 'silent' });

describe('outbox relay', () => {
  let database: KitTestDatabase;
  let broker: TestBroker;
  let bus: EventBus;
  let tap: string;

  beforeAll(async () => {
    [database, broker] = await Promise.all([openKitTestDatabase(), openTestBroker()]);
    bus = await createRabbitBus({ url: TEST_AMQP_URL, exchange: broker.exchange, logger });
    // A plain queue that sees everything published, to check what reached the broker.
    tap = broker.queue('tap');
    await broker.channel.assertQueue(tap, { durable: false });
    await broker.channel.bindQueue(tap, broker.exchange, '#');
  });

  afterAll(async () => {
    await bus?.close();
    await broker?.cleanup();
    await database?.close();
  });

  beforeEach(async () => {
    await database.db.delete(outbox);
    await broker.channel.purgeQueue(tap);
  });

  async function enqueue(count: number): Promise<string[]> {
    return database.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const event = await enqueueEvent(tx, { type: 'seat.held.v1', payload: { n: i } });
        ids.push(event.id);
      }
      return ids;
    });
  }

  /** Message ids that reached the broker, in arrival order, duplicates included. */
  async function arrivedIds(): Promise<string[]> {
    return (await broker.drain(tap)).map((m) => String(m.properties.messageId));
  }

  it('publishes with confirms, then marks the rows published', async () => {
    const ids = await enqueue(3);
    const registry = new Registry();
    const relay = createOutboxRelay({ db: database.db, bus, logger, registry });

    expect(await relay.drainOnce()).toBe(3);

    const rows = await database.db.select().from(outbox);
    expect(
      rows.every((r) => r.publishedAt !== null && r.attempts === 1 && r.lastError === null),
    ).toBe(true);
    const arrived = await broker.drain(tap);
    expect(arrived.map((m) => m.properties.messageId)).toEqual(ids);
    expect(arrived[0]!.properties).toMatchObject({ type: 'seat.held.v1', deliveryMode: 2 });
    expect(arrived[0]!.fields.routingKey).toBe('seat.held.v1');
    expect(JSON.parse(arrived[0]!.content.toString())).toEqual({ n: 0 });
    expect(await relay.drainOnce()).toBe(0);

    const metrics = await registry.getMetricsAsJSON();
    const value = (name: string) => metrics.find((m) => m.name === name)?.values[0]?.value;
    expect(value('outbox_events_published_total')).toBe(3);
    expect(value('outbox_oldest_unpublished_age_seconds')).toBe(0);
  });

  it('delivers soon after notify(), without waiting for the poll interval', async () => {
    const relay = createOutboxRelay({ db: database.db, bus, logger, intervalMs: 60_000 });
    relay.start();
    try {
      await vi.waitFor(async () => expect(await relay.drainOnce()).toBe(0));
      const [id] = await enqueue(1);
      const started = Date.now();
      relay.notify();
      await vi.waitFor(async () => expect(await arrivedIds()).toEqual([id]), {
        timeout: 3_000,
        interval: 20,
      });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await relay.stop();
    }
  });

  it('under a stream of commits, waits lingerMs after a batch before the next', async () => {
    const relay = createOutboxRelay({
      db: database.db,
      bus,
      logger,
      intervalMs: 60_000,
      lingerMs: 400,
    });
    relay.start();
    try {
      await vi.waitFor(async () => expect(await relay.drainOnce()).toBe(0));
      const [first] = await enqueue(1);
      relay.notify();
      await vi.waitFor(async () => expect(await arrivedIds()).toEqual([first]), {
        timeout: 3_000,
        interval: 10,
      });
      const next = [...(await enqueue(1)), ...(await enqueue(1))];
      relay.notify();
      relay.notify();
      // Waits for the relay's own marks, not for the broker: a message reaches the tap before the
      // transaction that marks its row commits.
      const rows = await vi.waitFor(
        async () => {
          const published = await database.db
            .select({ id: outbox.id, publishedAt: outbox.publishedAt })
            .from(outbox)
            .where(isNotNull(outbox.publishedAt))
            .orderBy(outbox.publishedAt, outbox.occurredAt);
          expect(published).toHaveLength(3);
          return published;
        },
        { timeout: 3_000, interval: 10 },
      );
      expect(rows.map((r) => r.id)).toEqual([first, ...next]);
      // Both later rows were claimed lingerMs or more after the first was marked, notify() or not.
      const [firstAt, ...laterAt] = rows.map((r) => r.publishedAt!.getTime());
      for (const at of laterAt) expect(at - firstAt!).toBeGreaterThanOrEqual(400);
      expect(await arrivedIds()).toEqual(next);
    } finally {
      await relay.stop();
    }
  });

  it('keeps rows the broker did not confirm, with the error, and sends them later', async () => {
    const ids = await enqueue(2);
    const down: EventBus = {
      ...bus,
      publish: async () => Promise.reject(new Error('broker unreachable')),
    };
    const failing = createOutboxRelay({ db: database.db, bus: down, logger });
    expect(await failing.drainOnce()).toBe(0);
    const rows = await database.db.select().from(outbox);
    expect(rows.map((r) => [r.publishedAt, r.attempts, r.lastError])).toEqual([
      [null, 1, 'Error: broker unreachable'],
      [null, 1, 'Error: broker unreachable'],
    ]);

    expect(await createOutboxRelay({ db: database.db, bus, logger }).drainOnce()).toBe(2);
    expect(new Set(await arrivedIds())).toEqual(new Set(ids));
  });

  it('two relays racing never claim the same row', async () => {
    const ids = await enqueue(40);
    const slowBus = (calls: BusMessage[]): EventBus => ({
      ...bus,
      async publish(message) {
        calls.push(message);
        await new Promise((r) => setTimeout(r, 10));
        await bus.publish(message);
      },
    });
    const callsA: BusMessage[] = [];
    const callsB: BusMessage[] = [];
    const a = createOutboxRelay({
      db: database.openPool('relay-a').db,
      bus: slowBus(callsA),
      logger,
      batchSize: 5,
    });
    const b = createOutboxRelay({
      db: database.openPool('relay-b').db,
      bus: slowBus(callsB),
      logger,
      batchSize: 5,
    });
    const drain = async (relay: typeof a) => {
      while ((await relay.drainOnce()) > 0);
    };
    await Promise.all([drain(a), drain(b)]);

    expect(callsA.length).toBeGreaterThan(0);
    expect(callsB.length).toBeGreaterThan(0);
    expect(callsA.length + callsB.length).toBe(40);
    const arrived = await arrivedIds();
    expect(arrived).toHaveLength(40);
    expect(new Set(arrived)).toEqual(new Set(ids));
    expect(await database.db.select().from(outbox).where(isNull(outbox.publishedAt))).toEqual([]);
  });

  it('loses nothing when the relay dies between publishing and marking', async () => {
    const ids = await enqueue(5);
    const doomed = database.openPool('relay-doomed');
    // Publishes for real, then kills the relay's database session, as a crash or OOM kill would
    // between the broker's confirms and the commit of the "published" marks.
    const crashingBus: EventBus = {
      ...bus,
      async publish(message) {
        await bus.publish(message);
        await database.db.execute(
          sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-doomed'`,
        );
      },
    };
    await expect(
      createOutboxRelay({ db: doomed.db, bus: crashingBus, logger }).drainOnce(),
    ).rejects.toThrow();
    expect(await database.db.select().from(outbox).where(isNotNull(outbox.publishedAt))).toEqual(
      [],
    );

    const restarted = createOutboxRelay({ db: database.db, bus, logger });
    expect(await restarted.drainOnce()).toBe(5);

    const arrived = await arrivedIds();
    // Every event arrived twice: at-least-once. The consumer helper makes the second a no-op.
    expect(arrived).toHaveLength(10);
    expect(new Set(arrived)).toEqual(new Set(ids));
  });
});
