// What a service is given to build itself from, and how the adapters are chosen: real
// PostgreSQL/Redis/RabbitMQ when their URLs are set, embedded PGlite and in-process otherwise.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createInProcessBus, createRabbitBus, type EventBus } from '../bus/index.ts';
import { createMemoryCache, createRedisCache, type Cache } from '../cache/index.ts';
import type { BaseConfig } from '../config/index.ts';
import { openDatabase, type DatabaseHandle } from '../db/index.ts';
import type { Metrics, ReadinessChecks, Routes } from '../http/index.ts';
import type { Logger } from '../logging/index.ts';

/** Adapters the embedded launcher shares between the services it runs in one process. */
export interface SharedInfrastructure {
  bus: EventBus;
  /** Rarely wanted: each service gets its own cache unless one is given here. */
  cache?: Cache;
  /** Fresh embedded databases start from this initdb result (see createPgliteTemplate). */
  pgliteTemplate?: () => Promise<Blob>;
}

export interface Infrastructure<C extends BaseConfig = BaseConfig> {
  name: string;
  config: C;
  logger: Logger;
  db: DatabaseHandle;
  bus: EventBus;
  cache: Cache;
  /** Present only when REDIS_URL is set (rate limiters that want Redis itself). */
  redis: Redis | undefined;
  metrics: Metrics;
  /** This service's own folder under DATA_DIR, for files it must keep (embedded keys...). */
  dataDir: string;
  /** Wakes the outbox relay: call after committing a transaction that enqueued events. */
  notifyOutbox(): void;
}

/** A background loop (relay, sweeper, consumer) started after the database is ready. */
export interface Worker {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceParts {
  routes: Routes;
  readiness?: ReadinessChecks;
  workers?: Worker[];
  openapi?: { title: string; version: string; description?: string };
}

export interface OpenedInfrastructure {
  db: DatabaseHandle;
  bus: EventBus;
  cache: Cache;
  redis: Redis | undefined;
  ownsBus: boolean;
  ownsCache: boolean;
}

export async function openInfrastructure(
  name: string,
  config: BaseConfig,
  logger: Logger,
  migrationsFolder: string,
  shared: SharedInfrastructure | undefined,
): Promise<OpenedInfrastructure> {
  const db = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, name, 'pgdata'),
    migrationsFolder,
    logger,
    pgliteTemplate: shared?.pgliteTemplate,
  });
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        // Redis only accelerates: fail fast instead of queueing commands while it is away.
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2_000,
        commandTimeout: 500,
        retryStrategy: (times) => Math.min(times * 200, 2_000),
      })
    : undefined;
  redis?.on('error', (err) => logger.debug({ err }, 'redis connection error'));
  const cache =
    shared?.cache ??
    (redis
      ? createRedisCache({ redis, prefix: name, logger })
      : createMemoryCache({ prefix: name }));
  const bus =
    shared?.bus ??
    (config.AMQP_URL
      ? await createRabbitBus({ url: config.AMQP_URL, logger })
      : createInProcessBus({
          logger,
          // With the embedded database, the bus keeps its journal beside it: they share a fate.
          journal: config.DATABASE_URL
            ? undefined
            : join(config.DATA_DIR, name, 'bus', 'journal.jsonl'),
        }));
  return { db, bus, cache, redis, ownsBus: !shared?.bus, ownsCache: !shared?.cache };
}
