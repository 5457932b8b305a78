// The login throttle against Redis: shared counts, and memory counts when Redis cannot be reached.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '@marquee/kit/errors';
import { TEST_REDIS_URL, uniqueSuffix } from '@marquee/kit/testing';
import { createLoginThrottle } from './login-throttle.ts';

const limits = {
  maxFailuresPerAccount: 2,
  accountWindowSeconds: 60,
  maxFailuresPerIp: 10,
  ipWindowSeconds: 60,
};
const clients: Redis[] = [];
afterAll(() => clients.forEach((client) => client.disconnect()));

describe('login throttle (Redis)', () => {
  it('shares counts between replicas through Redis', async () => {
    const keyPrefix = `marquee-test:${uniqueSuffix()}`;
    const a = new Redis(TEST_REDIS_URL);
    const b = new Redis(TEST_REDIS_URL);
    clients.push(a, b);
    const replicaA = createLoginThrottle({
      backend: { kind: 'redis', client: a },
      limits,
      keyPrefix,
    });
    const replicaB = createLoginThrottle({
      backend: { kind: 'redis', client: b },
      limits,
      keyPrefix,
    });
    const attempt = { email: 'shared@example.com', ip: '10.1.1.1' };
    await replicaA.recordFailure(attempt);
    await replicaB.recordFailure(attempt);
    await expect(replicaA.assertAllowed(attempt)).rejects.toBeInstanceOf(AppError);
    await replicaB.recordSuccess(attempt);
    await expect(replicaA.assertAllowed(attempt)).resolves.toBeUndefined();
    const keys = await a.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await a.del(...keys);
  });

  it('keeps throttling in memory while Redis is unreachable', async () => {
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    clients.push(down);
    const throttle = createLoginThrottle({ backend: { kind: 'redis', client: down }, limits });
    const attempt = { email: 'offline@example.com', ip: '10.1.1.2' };
    await throttle.assertAllowed(attempt);
    await throttle.recordFailure(attempt);
    await throttle.recordFailure(attempt);
    const err = await throttle.assertAllowed(attempt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('rate_limited');
  });
});
