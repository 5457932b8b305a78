// Moves committed outbox rows to the broker. At-least-once: a row is marked published only after
// the broker confirmed it, in the transaction that claimed it; a crash in between publishes it again.
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Registry } from 'prom-client';
import { errorMessage } from '../bus/handler-span.ts';
import type { BusMessage, EventBus } from '../bus/event-bus.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';
import { outbox, type OutboxRow } from '../tables/index.ts';
import { createOutboxMetrics } from './outbox-metrics.ts';

export interface OutboxRelayOptions {
  db: Database;
  bus: EventBus;
  logger: Logger;
  /** Rows claimed per transaction (default 100). */
  batchSize?: number;
  /** Poll interval when idle (default 1000 ms); notify() cuts it short after a commit. */
  intervalMs?: number;
  /**
   * After a batch that published something, the next waits at least this long (default 100 ms),
   * notify() or not: under a stream of commits, events are claimed and marked in batches, not one
   * transaction each. An idle relay still answers notify() at once.
   */
  lingerMs?: number;
  /** Longest pause after consecutive failures (default 30 s); doubles from intervalMs. */
  maxBackoffMs?: number;
  /** A publish not confirmed within this time counts as failed and is tried again (default 30 s). */
  publishTimeoutMs?: number;
  /** Registers outbox_* metrics when given. */
  registry?: Registry;
}

export interface OutboxRelay {
  /** Starts the polling loop in the background. */
  start(): void;
  /** Ends the loop after the batch in hand is done. */
  stop(): Promise<void>;
  /** Claims, publishes and marks one batch; returns how many were published. */
  drainOnce(): Promise<number>;
  /** Wakes the loop now (call after committing a transaction that enqueued events). */
  notify(): void;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, bus } = options;
  const logger = options.logger.child({ component: 'outbox-relay' });
  const batchSize = options.batchSize ?? 100;
  const intervalMs = options.intervalMs ?? 1_000;
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 30_000;
  const metrics = createOutboxMetrics(options.registry, db);

  let loop: Promise<void> | undefined;
  let running = false;
  let woken = false;
  let wake: (() => void) | undefined;
  let interrupt: (() => void) | undefined;

  async function drainOnce(): Promise<number> {
    return db.transaction(async (tx) => {
      // SKIP LOCKED: relays on other replicas take other rows instead of waiting for these.
      const rows = await tx
        .select()
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.occurredAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;

      // Published in order on one channel; confirms come back concurrently.
      const results = await Promise.allSettled(
        rows.map((row) => withTimeout(bus.publish(toMessage(row)), publishTimeoutMs)),
      );
      const publishedAt = new Date();
      const published = rows.filter((_, i) => results[i]!.status === 'fulfilled');
      if (published.length > 0) {
        await tx
          .update(outbox)
          .set({ publishedAt, attempts: sql`${outbox.attempts} + 1`, lastError: null })
          .where(
            inArray(
              outbox.id,
              published.map((row) => row.id),
            ),
          );
      }
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        const row = rows[i]!;
        await tx
          .update(outbox)
          .set({
            attempts: sql`${outbox.attempts} + 1`,
            lastError: errorMessage(result.reason).slice(0, 1000),
          })
          .where(eq(outbox.id, row.id));
      }
      const failed = rows.length - published.length;
      metrics.published(
        published.length,
        published.map((row) => (publishedAt.getTime() - row.occurredAt.getTime()) / 1000),
      );
      if (failed > 0) {
        metrics.failed(failed);
        const firstFailure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        logger.warn(
          { failed, published: published.length, err: firstFailure.reason },
          'outbox events not confirmed; will retry',
        );
      }
      return published.length;
    });
  }

  function pause(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        woken = false;
        resolve();
      }
      wake = done;
    });
  }

  /** Waits `ms`, whatever notify() says; only stop() cuts it short. */
  function linger(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    let notBefore = 0;
    while (running) {
      const wait = notBefore - performance.now();
      if (wait > 0) {
        await linger(wait);
        if (!running) break;
      }
      let published = 0;
      try {
        published = await drainOnce();
        failures = 0;
      } catch (err) {
        failures++;
        logger.warn({ err, failures }, 'outbox relay batch failed');
      }
      if (!running) break;
      // A full batch means more are probably waiting: go again without a pause.
      if (published === batchSize) continue;
      if (published > 0) notBefore = performance.now() + lingerMs;
      await pause(failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** failures));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
      logger.info({ batchSize, intervalMs }, 'outbox relay started');
    },
    async stop() {
      running = false;
      wake?.();
      interrupt?.();
      await loop;
      loop = undefined;
    },
    drainOnce,
    notify() {
      if (wake) wake();
      else woken = true;
    },
  };
}

/**
 * Delay added to an event under load at most, against a claim-and-mark transaction (4 round trips)
 * per event: at 100 bookings/s a service relays some 200 events/s, 10 batches instead of 200.
 */
export const DEFAULT_LINGER_MS = 100;

function toMessage(row: OutboxRow): BusMessage {
  return {
    id: row.id,
    type: row.type,
    routingKey: row.routingKey,
    payload: row.payload,
    headers: row.headers,
    occurredAt: row.occurredAt,
  };
}

/** The rows stay locked while we wait, so a confirm that never comes must not hold them forever. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publish not confirmed within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
