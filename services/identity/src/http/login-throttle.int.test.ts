// Failed-login throttling over HTTP: 429 with Retry-After, per account and per address, in memory and in Redis.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, uniqueSuffix } from '@marquee/kit/testing';
import { startTestIdentity, type TestIdentity } from './identity-app.test-support.ts';

const limits = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
  LOGIN_ACCOUNT_WINDOW_SECONDS: '900',
  LOGIN_MAX_FAILURES_PER_IP: '8',
  LOGIN_IP_WINDOW_SECONDS: '3600',
};

const login = (identity: TestIdentity, email: string, password: string, ip?: string) =>
  identity.post('/api/auth/login', { email, password }, ip ? { 'x-forwarded-for': ip } : {});

async function expectThrottled(res: Response, maxSeconds: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(((await res.json()) as { detail: string }).detail).toBe(
    'Too many failed sign-in attempts; try again later.',
  );
}

describe('login throttling in memory (embedded)', () => {
  let identity: TestIdentity;
  beforeAll(async () => {
    identity = await startTestIdentity({ env: limits });
  });
  afterAll(() => identity.close());

  it('blocks an account after 3 failures, even with the right password, until the window passes', async () => {
    const account = await identity.register();
    for (let i = 0; i < 3; i++) {
      expect(
        (await login(identity, account.user.email, 'wrong password 1', '192.0.2.1')).status,
      ).toBe(401);
    }
    // From anywhere: the count belongs to the account.
    await expectThrottled(
      await login(identity, account.user.email, account.password, '192.0.2.2'),
      900,
    );
  });

  it('a successful login resets the account count', async () => {
    const account = await identity.register();
    const attempt = (password: string) =>
      login(identity, account.user.email, password, '192.0.2.3');
    for (let i = 0; i < 2; i++) expect((await attempt('wrong password 1')).status).toBe(401);
    expect((await attempt(account.password)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt('wrong password 1')).status).toBe(401);
    expect((await attempt(account.password)).status).toBe(200);
  });

  it('throttles unknown emails like known ones', async () => {
    const ghost = `ghost-${uniqueSuffix()}@example.com`;
    for (let i = 0; i < 3; i++) {
      expect((await login(identity, ghost, 'wrong password 1', '192.0.2.4')).status).toBe(401);
    }
    await expectThrottled(await login(identity, ghost, 'wrong password 1', '192.0.2.5'), 900);
  });
});

describe('login throttling in Redis (connected)', () => {
  let identity: TestIdentity;
  let redis: Redis;
  const keyPrefix = `marquee-test:${uniqueSuffix()}:login-failures`;

  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    identity = await startTestIdentity({
      env: limits,
      throttle: { kind: 'redis', client: redis },
      throttleKeyPrefix: keyPrefix,
    });
  });
  afterAll(async () => {
    await identity.close();
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts failures in Redis under hashed account keys and blocks the account with Retry-After', async () => {
    const account = await identity.register();
    for (let i = 0; i < 3; i++) {
      expect(
        (await login(identity, account.user.email, 'wrong password 1', '198.51.100.7')).status,
      ).toBe(401);
    }
    const accountKeys = await redis.keys(`${keyPrefix}:account:*`);
    expect(accountKeys).toHaveLength(1);
    expect(accountKeys[0]).not.toContain(account.user.email);
    expect(await redis.get(accountKeys[0] ?? '')).toBe('3');
    const ttl = await redis.ttl(accountKeys[0] ?? '');
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(900);

    await expectThrottled(
      await login(identity, account.user.email, account.password, '198.51.100.8'),
      900,
    );
  });

  it('blocks an address after 8 failures across accounts, with a retry delay within the hour', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 8; i++) {
      expect(
        (await login(identity, `spray-${i}-${uniqueSuffix()}@example.com`, 'Summer2024!', ip))
          .status,
      ).toBe(401);
    }
    expect(await redis.get(`${keyPrefix}:ip:${ip}`)).toBe('8');
    const account = await identity.register();
    await expectThrottled(await login(identity, account.user.email, account.password, ip), 3600);
    // Another address is unaffected.
    expect(
      (await login(identity, account.user.email, account.password, '203.0.113.10')).status,
    ).toBe(200);
  });
});
