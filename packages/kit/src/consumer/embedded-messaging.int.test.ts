// The embedded platform's chain on PGlite and the in-process bus: outbox -> relay -> bus ->
// idempotent handler, with the same guarantees as on PostgreSQL and RabbitMQ.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBus, type InProcessBus } from '../bus/in-process-bus.ts';
import type { Database } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { enqueueEvent } from '../outbox/enqueue-event.ts';
import { createOutboxRelay } from '../outbox/outbox-relay.ts';
import { outbox, processedEvents } from '../tables/index.ts';
import { openKitTestPglite, queryRows } from '../tables/test-database.test-support.ts';
import { createIdempotentHandler } from './idempotent-handler.ts';

const logger = createLogger({ service: 'embedded-test', level: 'silent' });

describe('embedded messaging on PGlite', () => {
  let handle: { db: Database; close(): Promise<void> };
  let bus: InProcessBus;

  beforeAll(async () => {
    handle = await openKitTestPglite([
      'CREATE TABLE tickets (event_id uuid NOT NULL, seat text NOT NULL)',
    ]);
    // One PGlite for the file: starting one is the slowest thing here.
    bus = createInProcessBus({ retry: { maxAttempts: 2, initialDelayMs: 10 } });
  });

  afterAll(async () => {
    await bus?.close();
    await handle?.close();
  });

  it('writes the outbox row in the business transaction and rolls it back with it', async () => {
    const { db } = handle;
    const committed = await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO tickets (event_id, seat) VALUES (gen_random_uuid(), 'Z1')`);
      return enqueueEvent(tx, { type: 'ticket.issued.v1', payload: { seat: 'Z1' } });
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(
          sql`INSERT INTO tickets (event_id, seat) VALUES (gen_random_uuid(), 'Z2')`,
        );
        await enqueueEvent(tx, { type: 'ticket.issued.v1', payload: { seat: 'Z2' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    const rows = await db.select().from(outbox);
    expect(rows.map((r) => [r.id, r.payload])).toEqual([[committed.id, { seat: 'Z1' }]]);
    const seats = await queryRows<{ seat: string }>(db, sql`SELECT seat FROM tickets`);
    expect(seats.map((s) => s.seat)).toEqual(['Z1']);
    await db.delete(outbox);
    await db.execute(sql`DELETE FROM tickets`);
  });

  it('relays committed events to an idempotent consumer exactly once in effect', async () => {
    const { db } = handle;
    await bus.subscribe({
      queue: 'notification.tickets',
      bindings: ['booking.*.v1'],
      handler: createIdempotentHandler({
        db,
        consumer: 'notification.tickets',
        handle: async (tx, e) => {
          const { seat } = e.payload as { seat: string };
          await tx.execute(sql`INSERT INTO tickets (event_id, seat) VALUES (${e.id}, ${seat})`);
        },
      }),
    });
    const written = await db.transaction(async (tx) => [
      await enqueueEvent(tx, { type: 'booking.confirmed.v1', payload: { seat: 'A1' } }),
      await enqueueEvent(tx, { type: 'booking.confirmed.v1', payload: { seat: 'A2' } }),
    ]);
    const relay = createOutboxRelay({ db, bus, logger });
    expect(await relay.drainOnce()).toBe(2);
    // The same event again, as after a relay crash.
    await bus.publish(written[0]!);
    await bus.whenIdle();

    const tickets = await queryRows<{ seat: string }>(
      db,
      sql`SELECT seat FROM tickets ORDER BY seat`,
    );
    expect(tickets.map((t) => t.seat)).toEqual(['A1', 'A2']);
    expect(await db.select().from(processedEvents)).toHaveLength(2);
    expect(await relay.drainOnce()).toBe(0);
  });
});
