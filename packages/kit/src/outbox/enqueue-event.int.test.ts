// enqueueEvent writes the outbox row in the business transaction: both commit or neither does, and
// the row carries the writer's trace context. (PGlite: consumer/embedded-messaging.int.test.ts.)
import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/index.ts';
import { outbox } from '../tables/index.ts';
import { openKitTestDatabase, queryRows } from '../tables/test-database.test-support.ts';
import { startTracing, type Tracing } from '../tracing/index.ts';
import { enqueueEvent } from './enqueue-event.ts';

const BUSINESS_DDL = ['CREATE TABLE holds (id uuid PRIMARY KEY, seat text NOT NULL)'];

let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing({ serviceName: 'outbox-test' });
});
afterAll(() => tracing.shutdown());

async function holdSeat(db: Database, seat: string, fail = false) {
  const holdId = randomUUID();
  return db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO holds (id, seat) VALUES (${holdId}, ${seat})`);
    const event = await enqueueEvent(tx, { type: 'seat.held.v1', payload: { holdId, seat } });
    if (fail) throw new Error('payment check failed after the writes');
    return { holdId, event };
  });
}

const holdCount = async (db: Database) =>
  Number((await queryRows<{ n: string }>(db, sql`SELECT count(*) AS n FROM holds`))[0]!.n);

describe('enqueueEvent on PostgreSQL', () => {
  let handle: { db: Database; close(): Promise<void> };
  beforeAll(async () => {
    handle = await openKitTestDatabase(BUSINESS_DDL);
  });
  afterAll(() => handle.close());

  it('commits the outbox row with the business row', async () => {
    const { holdId, event } = await holdSeat(handle.db, 'A1');
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.id, event.id));
    expect(row).toMatchObject({
      id: event.id,
      type: 'seat.held.v1',
      routingKey: 'seat.held.v1',
      payload: { holdId, seat: 'A1' },
      attempts: 0,
      publishedAt: null,
      lastError: null,
    });
    expect(row!.occurredAt.getTime()).toBe(event.occurredAt.getTime());
  });

  it('rolls the outbox row back with the business row', async () => {
    const before = await holdCount(handle.db);
    const outboxBefore = (await handle.db.select().from(outbox)).length;
    await expect(holdSeat(handle.db, 'B2', true)).rejects.toThrow(/payment check/);
    expect(await holdCount(handle.db)).toBe(before);
    expect(await handle.db.select().from(outbox)).toHaveLength(outboxBefore);
  });

  it('keeps a given id and routing key, and refuses a malformed event before writing', async () => {
    const id = randomUUID();
    await handle.db.transaction((tx) =>
      enqueueEvent(tx, {
        id,
        type: 'booking.confirmed.v1',
        routingKey: 'booking.confirmed.v1.vip',
        payload: 1,
      }),
    );
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.routingKey).toBe('booking.confirmed.v1.vip');

    await expect(
      handle.db.transaction((tx) =>
        enqueueEvent(tx, { type: 'seat.held.v1', routingKey: 'seat.#', payload: {} }),
      ),
    ).rejects.toThrow(RangeError);
  });

  it('stores the trace context of the writing transaction', async () => {
    const tracer = trace.getTracer('outbox-test');
    const { event, traceId } = await tracer.startActiveSpan('hold seat', async (span) => {
      const result = await holdSeat(handle.db, 'C3');
      span.end();
      return { ...result, traceId: span.spanContext().traceId };
    });
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.id, event.id));
    expect(row!.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });
});
