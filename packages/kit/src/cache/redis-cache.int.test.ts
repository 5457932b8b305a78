// The Redis cache against a real Redis, and against a port where nothing listens: it must never throw.
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/index.ts';
import { TEST_REDIS_URL, uniqueSuffix } from '../testing/index.ts';
import { cached } from './cached.ts';
import { createRedisCache, type RedisCache } from './redis-cache.ts';

const logger = createLogger({ service: 'redis-cache-test', level: 'silent' });

describe('Redis cache', () => {
  const prefix = `test-${uniqueSuffix()}`;
  let cache: RedisCache;
  let inspector: Redis;

  beforeAll(async () => {
    cache = createRedisCache({ url: TEST_REDIS_URL, prefix, logger });
    inspector = new Redis(TEST_REDIS_URL);
    await vi.waitFor(() => cache.ping(), { timeout: 5_000 });
  });

  afterAll(async () => {
    const keys = await inspector.keys(`${prefix}:*`);
    if (keys.length > 0) await inspector.del(...keys);
    await inspector.quit();
    await cache.close();
  });

  it('stores JSON under the prefix, and deletes', async () => {
    await cache.set('movie:1', { title: 'Dune', runtime: 155 });
    expect(await cache.get('movie:1')).toEqual({ title: 'Dune', runtime: 155 });
    expect(await inspector.get(`${prefix}:movie:1`)).toBe('{"title":"Dune","runtime":155}');
    await cache.set('movie:2', 2);
    await cache.del('movie:1', 'movie:2');
    expect(await cache.get('movie:1')).toBeUndefined();
    expect(await inspector.exists(`${prefix}:movie:2`)).toBe(0);
  });

  it('sets the TTL and forgets the value after it', async () => {
    await cache.set('short', 'soon gone', 1);
    await cache.set('kept', 'stays');
    const ttl = await inspector.pttl(`${prefix}:short`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
    expect(await inspector.pttl(`${prefix}:kept`)).toBe(-1);
    await vi.waitFor(async () => expect(await cache.get('short')).toBeUndefined(), {
      timeout: 3_000,
      interval: 100,
    });
    expect(await cache.get('kept')).toBe('stays');
  });

  it('counts, giving only a new counter its expiry', async () => {
    expect(await cache.incr('hits', 60)).toBe(1);
    await inspector.pexpire(`${prefix}:hits`, 30_000);
    expect(await cache.incr('hits', 60)).toBe(2);
    expect(await inspector.pttl(`${prefix}:hits`)).toBeLessThanOrEqual(30_000);
  });

  it('leaves a client it was given open on close()', async () => {
    const shared = new Redis(TEST_REDIS_URL);
    const borrowed = createRedisCache({ redis: shared, prefix, logger });
    await borrowed.close();
    expect(await shared.ping()).toBe('PONG');
    await shared.quit();
  });
});

describe('Redis cache when Redis is unreachable', () => {
  let cache: RedisCache;

  beforeAll(async () => {
    // A port that was just free: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, prefix: 'down', logger });
  });

  afterAll(() => cache.close());

  it('misses on get, drops writes, never throws, and answers quickly', async () => {
    const started = Date.now();
    expect(await cache.get('anything')).toBeUndefined();
    await expect(cache.set('anything', { a: 1 }, 10)).resolves.toBeUndefined();
    await expect(cache.del('anything')).resolves.toBeUndefined();
    expect(await cache.incr('count', 10)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('falls through to the loader in cached()', async () => {
    expect(await cached(cache, 'k', 60, async () => 'from the database')).toBe('from the database');
  });

  it('reports itself down on ping()', async () => {
    await expect(cache.ping()).rejects.toThrow();
  });
});

describe('Redis cache when Redis accepts connections but never answers', () => {
  let cache: RedisCache;
  let server: net.Server;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    cache = createRedisCache({
      url: `redis://127.0.0.1:${port}`,
      prefix: 'hung',
      logger,
      commandTimeoutMs: 100,
    });
  });

  afterAll(async () => {
    await cache.close();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('gives up within the command timeout instead of hanging the caller', async () => {
    const started = Date.now();
    expect(await cache.get('anything')).toBeUndefined();
    await expect(cache.set('anything', 1)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
