// The worker that forgets idempotency keys once they expire (24 h by default), so the table stays
// the size of one day's unsafe requests. Safe with several replicas: each deletes what it finds.
import type { Database } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Worker } from '../runtime/infrastructure.ts';
import { deleteExpiredIdempotencyKeys, IDEMPOTENCY_TTL_MS } from './idempotency.ts';

export interface IdempotencyKeyCleanupOptions {
  db: Database;
  logger: Logger;
  ttlMs?: number;
  intervalMs?: number;
  clock?: () => Date;
}

export interface IdempotencyKeyCleanup extends Worker {
  /** Deletes every expired key now; returns how many went. */
  cleanOnce(): Promise<number>;
}

export function createIdempotencyKeyCleanup(
  options: IdempotencyKeyCleanupOptions,
): IdempotencyKeyCleanup {
  const { db } = options;
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const intervalMs = options.intervalMs ?? 10 * 60 * 1000;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger.child({ component: 'idempotency-key-cleanup' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  async function cleanOnce(): Promise<number> {
    const before = new Date(clock().getTime() - ttlMs);
    let total = 0;
    for (;;) {
      const deleted = await deleteExpiredIdempotencyKeys(db, before);
      total += deleted;
      if (deleted < 1_000) return total;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = cleanOnce()
        .then(
          (deleted) => {
            if (deleted > 0) logger.debug({ deleted }, 'expired idempotency keys deleted');
          },
          // Harmless to miss a round: an expired key already counts as unused when met again.
          (err: unknown) => logger.warn({ err }, 'idempotency key cleanup failed; will try again'),
        )
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    timer.unref();
  }

  return {
    name: 'idempotency-key-cleanup',
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    cleanOnce,
  };
}
