// Workers that take keys from a work queue and reconcile them, and what each outcome means for
// the key: forgotten, looked at again after a period, retried at once, or retried with backoff.
import type { Logger } from '@marquee/kit/logging';
import type { OperatorMetrics } from '../metrics.ts';
import type { WorkQueue } from '../queue/work-queue.ts';

export type ReconcileOutcome =
  /** Done; nothing to look at until something changes. */
  | { result: 'success' }
  /** Done for now; look again after `afterMs` (seat counts, a blocked deletion, permanent errors). */
  | { result: 'requeue_after'; afterMs: number }
  /** Our copy was stale (409): look again at once, with the queue's short backoff. */
  | { result: 'requeue' }
  /** Failed; retry with backoff, or after `afterMs` when the cause said how long. */
  | { result: 'error'; error: unknown; afterMs?: number };

export interface Reconciler {
  reconcile(key: string): Promise<ReconcileOutcome>;
}

export interface ControllerOptions {
  name: string;
  queue: WorkQueue;
  reconciler: Reconciler;
  workers: number;
  metrics: OperatorMetrics;
  logger: Logger;
}

export interface Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  startWorkers(): void;
  /** Workers take no new key; resolves once the reconciles in flight have finished. */
  stopWorkers(): Promise<void>;
}

export function createController(options: ControllerOptions): Controller {
  const { name, queue, reconciler, metrics, logger } = options;
  let abort: AbortController | undefined;
  let loops: Promise<void>[] = [];
  let active = 0;

  async function process(key: string): Promise<void> {
    const started = performance.now();
    let outcome: ReconcileOutcome;
    try {
      outcome = await reconciler.reconcile(key);
    } catch (error) {
      outcome = { result: 'error', error };
    }
    metrics.reconciled(name, outcome.result, (performance.now() - started) / 1000);
    switch (outcome.result) {
      case 'success':
        queue.forget(key);
        break;
      case 'requeue_after':
        queue.forget(key);
        queue.addAfter(key, outcome.afterMs);
        break;
      case 'requeue':
        queue.addRateLimited(key);
        break;
      case 'error':
        logger.warn(
          { controller: name, key, err: outcome.error, retries: queue.numRequeues(key) },
          'reconcile failed; retrying',
        );
        if (outcome.afterMs !== undefined) queue.addAfter(key, outcome.afterMs);
        else queue.addRateLimited(key);
        break;
    }
  }

  async function work(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await queue.get(signal);
      if (key === undefined) return;
      active += 1;
      metrics.activeWorkers(name, active);
      try {
        await process(key);
      } finally {
        active -= 1;
        metrics.activeWorkers(name, active);
        queue.done(key);
      }
      if (signal.aborted) return;
    }
  }

  return {
    name,
    queue,
    startWorkers() {
      if (abort) return;
      abort = new AbortController();
      const signal = abort.signal;
      loops = Array.from({ length: options.workers }, () => work(signal));
    },
    async stopWorkers() {
      if (!abort) return;
      abort.abort();
      abort = undefined;
      await Promise.all(loops);
      loops = [];
    },
  };
}
