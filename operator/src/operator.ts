// The operator's composition root: informers feed two work queues, the leader's workers reconcile
// Showtimes and ShowtimeSchedules, probes and metrics are served. `startOperator` returns once
// everything runs; `stop()` stops taking work, lets reconciles in flight finish, gives up the
// lease and closes the rest.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { ServiceTokenSource } from '@marquee/kit/auth';
import { createLogger, type Logger } from '@marquee/kit/logging';
import type { OperatorConfig } from './config.ts';
import { createController, type Controller } from './controller/controller.ts';
import { isOwnedBy, needsReconcile, ownerKeyOf } from './controller/watch-filters.ts';
import { createEventRecorder } from './events.ts';
import { startHealthServers } from './health.ts';
import { createInformer, type Informer } from './informer/informer.ts';
import { createFreshObjects } from './kube/fresh-objects.ts';
import { createKubeApi } from './kube/kube-api.ts';
import { createObjectWrites } from './kube/object-writes.ts';
import { shareConnections } from './kube/shared-connections.ts';
import {
  keyOf,
  SCHEDULES,
  SHOWTIMES,
  type Resource,
  type ResourceKind,
  type Showtime,
  type ShowtimeSchedule,
} from './kube/resources.ts';
import { createLeaderElector } from './leader/leader-elector.ts';
import { createOperatorMetrics, type OperatorMetrics } from './metrics.ts';
import { createWorkQueue } from './queue/work-queue.ts';
import { findCondition } from './reconcile/conditions.ts';
import { REASONS } from './reconcile/reasons.ts';
import { createScheduleReconciler } from './reconcile/schedule-reconciler.ts';
import { createShowtimeReconciler } from './reconcile/showtime-reconciler.ts';
import { createShowtimesClient } from './reconcile/showtimes-client.ts';
import { READY } from './reconcile/showtime-status.ts';

export { operatorConfigSchema, type OperatorConfig } from './config.ts';

export interface OperatorDeps {
  /** Where the API server is; its requests are made to share one connection pool. */
  kubeConfig: KubeConfig;
  /** Service tokens for the showtimes service (client credentials at identity). */
  tokens: ServiceTokenSource;
  logger?: Logger;
  /** "Now" for deletion decisions and schedule plans; tests pass one they move. */
  clock?: () => Date;
  metrics?: OperatorMetrics;
  fetch?: typeof fetch;
}

export interface RunningOperator {
  identity: string;
  healthUrl: string;
  metricsUrl: string;
  metrics: OperatorMetrics;
  isLeader(): boolean;
  stop(): Promise<void>;
}

const INFORMER_WEDGED_MIN_MS = 60_000;

export async function startOperator(
  config: OperatorConfig,
  deps: OperatorDeps,
): Promise<RunningOperator> {
  const logger = deps.logger ?? createLogger({ service: 'operator', level: config.LOG_LEVEL });
  const clock = deps.clock ?? (() => new Date());
  const metrics = deps.metrics ?? createOperatorMetrics();
  const identity = config.POD_NAME ?? `${hostname()}_${randomUUID().slice(0, 8)}`;
  const namespace = config.WATCH_NAMESPACE;
  const kubeConfig = shareConnections(deps.kubeConfig);
  const api = createKubeApi(kubeConfig, metrics.apiWrite);
  const watch = new Watch(kubeConfig);

  function informerFor<T extends Resource>(kind: ResourceKind): Informer<T> {
    return createInformer<T>({
      resource: kind.plural,
      list: (page) => api.list<T>(kind, namespace, page),
      watch,
      watchPath: api.collectionPath(kind, namespace),
      stallMs: config.WATCH_STALL_SECONDS * 1000,
      logger,
      onRestart: (cause) => metrics.watchRestarted(kind.plural, cause),
    });
  }
  const showtimeInformer = informerFor<Showtime>(SHOWTIMES);
  const scheduleInformer = informerFor<ShowtimeSchedule>(SCHEDULES);
  const informers = [showtimeInformer, scheduleInformer];

  const showtimeQueue = createWorkQueue({ observer: metrics.queueObserver('showtime') });
  const scheduleQueue = createWorkQueue({ observer: metrics.queueObserver('showtimeschedule') });
  const enqueueOwner = (showtime: Showtime) => {
    const owner = ownerKeyOf(showtime);
    if (owner) scheduleQueue.add(owner);
  };
  showtimeInformer.addHandlers({
    add: (o) => {
      showtimeQueue.add(keyOf(o.metadata));
      enqueueOwner(o);
    },
    update: (previous, o) => {
      if (needsReconcile(previous, o)) showtimeQueue.add(keyOf(o.metadata));
      // A child's status is what its schedule reports on, so every change of it counts there.
      enqueueOwner(o);
    },
    delete: (o) => {
      showtimeQueue.add(keyOf(o.metadata));
      enqueueOwner(o);
    },
  });
  scheduleInformer.addHandlers({
    add: (o) => scheduleQueue.add(keyOf(o.metadata)),
    update: (previous, o) => {
      if (needsReconcile(previous, o)) scheduleQueue.add(keyOf(o.metadata));
    },
  });

  const showtimeFresh = createFreshObjects<Showtime>();
  const scheduleFresh = createFreshObjects<ShowtimeSchedule>();
  const events = createEventRecorder({
    api,
    logger,
    component: 'marquee-operator',
    instance: identity,
  });
  const service = createShowtimesClient({
    baseUrl: config.SHOWTIMES_URL,
    tokens: deps.tokens,
    timeoutMs: config.SHOWTIMES_TIMEOUT_MS,
    fetch: deps.fetch,
  });
  const resyncMs = config.RESYNC_SECONDS * 1000;
  const readShowtime = (ns: string, name: string) =>
    showtimeFresh.freshest(`${ns}/${name}`, showtimeInformer.get(ns, name));

  const controllers: Controller[] = [
    createController({
      name: 'showtime',
      queue: showtimeQueue,
      workers: config.WORKERS,
      metrics,
      logger,
      reconciler: createShowtimeReconciler({
        read: readShowtime,
        writes: createObjectWrites(api, SHOWTIMES, showtimeFresh),
        service,
        events,
        clock,
        resyncMs,
        blockedRecheckMs: config.BLOCKED_RECHECK_SECONDS * 1000,
        logger,
        onSlotFreed: (screenId, exceptKey) => {
          for (const other of showtimeInformer.list()) {
            const key = keyOf(other.metadata);
            const reason = findCondition(other.status?.conditions, READY)?.reason;
            if (
              key !== exceptKey &&
              other.spec.screenId === screenId &&
              reason === REASONS.ScheduleConflict
            ) {
              showtimeQueue.add(key);
            }
          }
        },
      }),
    }),
    createController({
      name: 'showtimeschedule',
      queue: scheduleQueue,
      workers: Math.max(1, Math.ceil(config.WORKERS / 2)),
      metrics,
      logger,
      reconciler: createScheduleReconciler({
        read: (ns, name) => scheduleFresh.freshest(`${ns}/${name}`, scheduleInformer.get(ns, name)),
        childrenOf: (ns, uid) =>
          showtimeInformer.list().filter((s) => s.metadata.namespace === ns && isOwnedBy(s, uid)),
        showtime: readShowtime,
        api,
        writes: createObjectWrites(api, SCHEDULES, scheduleFresh),
        events,
        clock,
        resyncMs,
        logger,
      }),
    }),
  ];

  const elector = createLeaderElector({
    api,
    namespace: config.LEASE_NAMESPACE ?? (namespace || 'default'),
    name: config.LEASE_NAME,
    identity,
    leaseDurationMs: config.LEASE_DURATION_SECONDS * 1000,
    renewDeadlineMs: config.RENEW_DEADLINE * 1000,
    retryPeriodMs: config.RETRY_PERIOD * 1000,
    logger,
    onLeaderChange: (leader) => metrics.leader(config.LEASE_NAME, leader),
    onStartedLeading() {
      // Whatever happened while another replica led, a new leader looks at everything once.
      for (const o of showtimeInformer.list()) showtimeQueue.add(keyOf(o.metadata));
      for (const o of scheduleInformer.list()) scheduleQueue.add(keyOf(o.metadata));
      for (const controller of controllers) controller.startWorkers();
    },
    async onStoppedLeading() {
      await Promise.all(controllers.map((c) => c.stopWorkers()));
    },
  });
  metrics.leader(config.LEASE_NAME, false);

  const wedgedAfterMs = Math.max(INFORMER_WEDGED_MIN_MS, config.WATCH_STALL_SECONDS * 5000);
  const servers = await startHealthServers({
    host: config.HOST,
    healthPort: config.HEALTH_PORT,
    metricsPort: config.METRICS_PORT,
    registry: metrics.registry,
    live: () => {
      const silent = informers.map((i) => i.silentForMs());
      return { ok: silent.every((ms) => ms < wedgedAfterMs), detail: { silentForMs: silent } };
    },
    ready: () => ({
      ok: informers.every((i) => i.hasSynced()),
      detail: { synced: informers.map((i) => i.hasSynced()), leader: elector.isLeader() },
    }),
  });

  for (const informer of informers) informer.start();
  elector.start();
  logger.info({ identity, namespace: namespace || '(all)' }, 'operator started');

  let stopping: Promise<void> | undefined;
  return {
    identity,
    healthUrl: servers.healthUrl,
    metricsUrl: servers.metricsUrl,
    metrics,
    isLeader: () => elector.isLeader(),
    stop() {
      stopping ??= (async () => {
        await elector.stop();
        await Promise.all(informers.map((i) => i.stop()));
        showtimeQueue.shutDown();
        scheduleQueue.shutDown();
        await servers.close();
        logger.info({ identity }, 'operator stopped');
      })();
      return stopping;
    },
  };
}
