// runService: open the infrastructure, build the service, serve it, and shut it down gracefully.
import { join } from 'node:path';
import type { BaseConfig } from '../config/index.ts';
import { createMetrics, createServiceApp, listen } from '../http/index.ts';
import { createLogger, type Logger } from '../logging/index.ts';
import { createOutboxRelay } from '../outbox/index.ts';
import {
  openInfrastructure,
  type Infrastructure,
  type ServiceParts,
  type SharedInfrastructure,
  type Worker,
} from './infrastructure.ts';

export interface RunServiceOptions<C extends BaseConfig> {
  name: string;
  config: C;
  migrationsFolder: string;
  build: (infra: Infrastructure<C>) => Promise<ServiceParts> | ServiceParts;
  /** Passed by the embedded launcher: one in-process bus (and the PGlite template) for every service. */
  shared?: SharedInfrastructure;
  logger?: Logger;
  /** Install SIGTERM/SIGINT handlers (a standalone process); the launcher handles signals itself. */
  handleSignals?: boolean;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  infra: Infrastructure<BaseConfig>;
  stop(): Promise<void>;
}

export async function runService<C extends BaseConfig>(
  options: RunServiceOptions<C>,
): Promise<RunningService> {
  const { name, config } = options;
  const logger = options.logger ?? createLogger({ service: name, level: config.LOG_LEVEL });
  const opened = await openInfrastructure(
    name,
    config,
    logger,
    options.migrationsFolder,
    options.shared,
  );
  const metrics = createMetrics(name);
  const relay = createOutboxRelay({
    db: opened.db.db,
    bus: opened.bus,
    logger,
    registry: metrics.registry,
  });
  const infra: Infrastructure<C> = {
    name,
    config,
    logger,
    metrics,
    db: opened.db,
    bus: opened.bus,
    cache: opened.cache,
    redis: opened.redis,
    dataDir: join(config.DATA_DIR, name),
    notifyOutbox: () => relay.notify(),
  };
  const parts = await options.build(infra);
  const workers: Worker[] = [
    { name: 'outbox-relay', start: () => relay.start(), stop: () => relay.stop() },
    ...(parts.workers ?? []),
  ];

  let stopping = false;
  const app = createServiceApp({
    name,
    logger,
    routes: parts.routes,
    metrics,
    bodyLimit: config.BODY_LIMIT,
    openapi: parts.openapi ?? { title: `Marquee ${name}`, version: '1.0.0' },
    readiness: {
      // Failing readiness first on shutdown lets a load balancer stop sending before we close.
      shutdown: async () => {
        if (stopping) throw new Error('shutting down');
      },
      database: () => infra.db.ping(),
      ...(opened.ownsBus ? { bus: () => infra.bus.ping() } : {}),
      ...parts.readiness,
    },
  });
  const server = await listen(app, { host: config.HOST, port: config.PORT });
  for (const worker of workers) await worker.start();
  logger.info({ url: server.url }, `${name} listening`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      logger.info(`${name} shutting down`);
      await server.close(config.SHUTDOWN_TIMEOUT_MS);
      for (const worker of [...workers].reverse()) {
        await worker
          .stop()
          .catch((err: unknown) => logger.warn({ err, worker: worker.name }, 'worker stop failed'));
      }
      if (opened.ownsBus) await infra.bus.close().catch(() => undefined);
      if (opened.ownsCache) await infra.cache.close().catch(() => undefined);
      if (opened.redis) opened.redis.disconnect();
      await infra.db.close();
      logger.info(`${name} stopped`);
    })());

  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  return {
    name,
    url: server.url,
    port: server.port,
    infra: infra as Infrastructure<BaseConfig>,
    stop,
  };
}
