// Prometheus metrics under controller-runtime's names (so its dashboards and alerts apply), plus
// the operator's own: API writes by verb and resource, and watch restarts by cause.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueObserver } from './queue/work-queue.ts';

export type ReconcileResult = 'success' | 'error' | 'requeue' | 'requeue_after';

export interface OperatorMetrics {
  registry: Registry;
  reconciled(controller: string, result: ReconcileResult, seconds: number): void;
  queueObserver(name: string): QueueObserver;
  activeWorkers(controller: string, n: number): void;
  leader(name: string, isLeader: boolean): void;
  apiWrite(verb: string, resource: string): void;
  watchRestarted(resource: string, cause: 'dropped' | 'stalled' | 'gone' | 'error'): void;
}

// controller-runtime's buckets for reconcile and queue durations.
const reconcileBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
  1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
const queueBuckets = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000];

/** A registry of its own, so two operators in one process (tests) keep separate figures. */
export function createOperatorMetrics(options: { processMetrics?: boolean } = {}): OperatorMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const reconcileTotal = new Counter({
    name: 'controller_runtime_reconcile_total',
    help: 'Total number of reconciliations per controller',
    labelNames: ['controller', 'result'],
    registers,
  });
  const reconcileErrors = new Counter({
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Total number of reconciliation errors per controller',
    labelNames: ['controller'],
    registers,
  });
  const reconcileTime = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'],
    buckets: reconcileBuckets,
    registers,
  });
  const workers = new Gauge({
    name: 'controller_runtime_active_workers',
    help: 'Number of currently used workers per controller',
    labelNames: ['controller'],
    registers,
  });
  const depth = new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue',
    labelNames: ['name'],
    registers,
  });
  const adds = new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue',
    labelNames: ['name'],
    registers,
  });
  const retries = new Counter({
    name: 'workqueue_retries_total',
    help: 'Total number of retries handled by workqueue',
    labelNames: ['name'],
    registers,
  });
  const queueDuration = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: ['name'],
    buckets: queueBuckets,
    registers,
  });
  const workDuration = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames: ['name'],
    buckets: queueBuckets,
    registers,
  });
  const leaderStatus = new Gauge({
    name: 'leader_election_master_status',
    help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master',
    labelNames: ['name'],
    registers,
  });
  const apiWrites = new Counter({
    name: 'marquee_operator_api_writes_total',
    help: 'Writes the operator sent to the Kubernetes API, by verb and resource',
    labelNames: ['verb', 'resource'],
    registers,
  });
  const watchRestarts = new Counter({
    name: 'marquee_operator_watch_restarts_total',
    help: 'Watches restarted, by resource and cause (dropped, stalled, gone = 410 and a re-list, error)',
    labelNames: ['resource', 'cause'],
    registers,
  });

  return {
    registry,
    reconciled(controller, result, seconds) {
      reconcileTotal.inc({ controller, result });
      if (result === 'error') reconcileErrors.inc({ controller });
      reconcileTime.observe({ controller }, seconds);
    },
    queueObserver(name) {
      return {
        depth: (n) => depth.set({ name }, n),
        added: () => adds.inc({ name }),
        retried: () => retries.inc({ name }),
        waited: (s) => queueDuration.observe({ name }, s),
        worked: (s) => workDuration.observe({ name }, s),
      };
    },
    activeWorkers: (controller, n) => workers.set({ controller }, n),
    leader: (name, isLeader) => leaderStatus.set({ name }, isLeader ? 1 : 0),
    apiWrite: (verb, resource) => apiWrites.inc({ verb, resource }),
    watchRestarted: (resource, cause) => watchRestarts.inc({ resource, cause }),
  };
}
