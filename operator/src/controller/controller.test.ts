// What each reconcile outcome does to its key, and one worker per key however many workers run.
import { createLogger } from '@marquee/kit/logging';
import { describe, expect, it } from 'vitest';
import { createOperatorMetrics } from '../metrics.ts';
import { createExponentialFailureRateLimiter } from '../queue/rate-limiter.ts';
import { createWorkQueue } from '../queue/work-queue.ts';
import { createController, type ReconcileOutcome } from './controller.ts';

const logger = createLogger({ service: 'test', level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function harness(reconcile: (key: string) => Promise<ReconcileOutcome>, workers = 4) {
  const metrics = createOperatorMetrics();
  const queue = createWorkQueue({ rateLimiter: createExponentialFailureRateLimiter(20, 1000) });
  const controller = createController({
    name: 'test',
    queue,
    reconciler: { reconcile },
    workers,
    metrics,
    logger,
  });
  return { metrics, queue, controller };
}

async function results(metrics: ReturnType<typeof createOperatorMetrics>) {
  const metric = await metrics.registry
    .getSingleMetric('controller_runtime_reconcile_total')
    ?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [v.labels.result, v.value]));
}

describe('controller', () => {
  it('never reconciles one key in two workers at once, and runs a key re-added meanwhile again', async () => {
    let inFlight = 0;
    let most = 0;
    let runs = 0;
    const { queue, controller } = harness(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      runs += 1;
      await sleep(30);
      inFlight -= 1;
      return { result: 'success' };
    });
    controller.startWorkers();
    queue.add('ns/a');
    await sleep(5);
    queue.add('ns/a');
    queue.add('ns/a');
    await sleep(120);
    await controller.stopWorkers();
    expect(most).toBe(1);
    expect(runs).toBe(2);
  });

  it('retries errors with growing backoff and forgets a key once it succeeds', async () => {
    const attempts: number[] = [];
    const { queue, controller, metrics } = harness(async () => {
      attempts.push(Date.now());
      return attempts.length < 3
        ? { result: 'error', error: new Error('down') }
        : { result: 'success' };
    });
    controller.startWorkers();
    queue.add('ns/a');
    await sleep(200);
    await controller.stopWorkers();
    expect(attempts).toHaveLength(3);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(attempts[1]! - attempts[0]!);
    expect(queue.numRequeues('ns/a')).toBe(0);
    expect(await results(metrics)).toEqual({ error: 2, success: 1 });
  });

  it('looks again after the asked period, and at once (with short backoff) for a stale object', async () => {
    const outcomes: ReconcileOutcome[] = [
      { result: 'requeue' },
      { result: 'requeue_after', afterMs: 80 },
      { result: 'success' },
    ];
    const at: number[] = [];
    const { queue, controller, metrics } = harness(async () => {
      at.push(Date.now());
      return outcomes.shift() ?? { result: 'success' };
    });
    controller.startWorkers();
    queue.add('ns/a');
    await sleep(200);
    await controller.stopWorkers();
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeLessThan(60);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(75);
    expect(await results(metrics)).toEqual({ requeue: 1, requeue_after: 1, success: 1 });
  });

  it('lets reconciles in flight finish when its workers stop, and takes no new key', async () => {
    let finished = 0;
    const { queue, controller } = harness(async () => {
      await sleep(50);
      finished += 1;
      return { result: 'success' };
    }, 1);
    controller.startWorkers();
    queue.add('ns/a');
    queue.add('ns/b');
    await sleep(10);
    await controller.stopWorkers();
    expect(finished).toBe(1);
    expect(queue.len()).toBe(1);
  });
});
