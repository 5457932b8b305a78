// The cache on Redis. A Redis failure never reaches the caller: reads miss, writes are dropped, each
// after at most `commandTimeoutMs`, and while the connection is down commands fail at once instead
// of queueing, so an outage costs a cache miss rather than a slow request.
import { Redis } from 'ioredis';
import type { Logger } from '../logging/index.ts';
import type { Cache } from './cache.ts';
import { prefixedKey } from './cache-key.ts';
import { createFailureLog } from './failure-log.ts';

export interface RedisCacheOptions {
  /** redis:// URL; the cache then owns the client and closes it. */
  url?: string;
  /** A client made elsewhere (shared with rate limiting, say); close() leaves it open. */
  redis?: Redis;
  /** Namespace of this service's keys, e.g. `catalog` (keys become `catalog:<key>`). */
  prefix: string;
  logger: Logger;
  /** Longest a command may take before it counts as failed (default 250 ms). */
  commandTimeoutMs?: number;
}

export interface RedisCache extends Cache {
  readonly redis: Redis;
}

export function createRedisCache(options: RedisCacheOptions): RedisCache {
  if (!options.url === !options.redis)
    throw new TypeError('createRedisCache needs exactly one of url or redis');
  const logger = options.logger.child({ component: 'redis-cache' });
  const commandTimeout = options.commandTimeoutMs ?? 250;
  const owned = !options.redis;
  const redis =
    options.redis ??
    new Redis(options.url as string, {
      commandTimeout,
      connectTimeout: 2_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Keep trying to come back, never faster than every 200 ms nor slower than every 5 s.
      retryStrategy: (times) => Math.min(times * 200, 5_000),
    });
  const failures = createFailureLog(logger);
  // Without a listener an 'error' event would crash the process; reconnection is ioredis's job.
  redis.on('error', (err: Error) => failures.failed('connection', err));
  redis.on('ready', () => failures.recovered());
  const k = (key: string) => prefixedKey(options.prefix, key);

  /** Runs `command`; on any failure logs (throttled) and returns `fallback`. */
  async function guarded<T>(operation: string, fallback: T, command: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(command(), commandTimeout);
    } catch (err) {
      failures.failed(operation, err);
      return fallback;
    }
  }

  return {
    redis,
    get<T>(key: string) {
      return guarded<T | undefined>('get', undefined, async () => {
        const json = await redis.get(k(key));
        return json === null ? undefined : (JSON.parse(json) as T);
      });
    },
    set(key, value, ttlSeconds) {
      return guarded('set', undefined, async () => {
        if (value === undefined) await redis.del(k(key));
        else if (ttlSeconds)
          await redis.set(k(key), JSON.stringify(value), 'EX', Math.ceil(ttlSeconds));
        else await redis.set(k(key), JSON.stringify(value));
      });
    },
    del(...keys) {
      if (keys.length === 0) return Promise.resolve();
      return guarded('del', undefined, async () => {
        await redis.del(...keys.map(k));
      });
    },
    incr(key, ttlSeconds) {
      return guarded<number | undefined>('incr', undefined, async () => {
        const pipeline = redis.multi().incr(k(key));
        // NX: only a new counter gets the expiry; later increments must not extend it.
        if (ttlSeconds) pipeline.expire(k(key), Math.ceil(ttlSeconds), 'NX');
        const results = await pipeline.exec();
        const [err, count] = results?.[0] ?? [new Error('transaction discarded'), undefined];
        if (err) throw err;
        return Number(count);
      });
    },
    async ping() {
      await withTimeout(redis.ping(), commandTimeout);
    },
    async close() {
      if (!owned) return;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** ioredis times out only commands it has sent; this also bounds anything else that could hang. */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cache command took longer than ${ms} ms`)), ms + 50);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
