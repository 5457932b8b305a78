// startIdentity end to end: embedded (PGlite, generated key, demo users, first admin) and connected
// (PostgreSQL, Redis, key from JWT_PRIVATE_KEY).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredentials } from '@marquee/kit/auth';
import { ConfigError } from '@marquee/kit/config';
import { openDatabase } from '@marquee/kit/db';
import { createLogger } from '@marquee/kit/logging';
import type { RunningService } from '@marquee/kit/runtime';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '@marquee/kit/testing';
import { parseSigningKey } from './domain/signing-keys.ts';
import { users } from './db/schema.ts';
import { IDENTITY_MIGRATIONS, startIdentity } from './service.ts';

const quiet = { LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' };

const login = (service: RunningService, email: string, password: string) =>
  fetch(`${service.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

const kidsOf = async (service: RunningService) =>
  (
    (await (await fetch(`${service.url}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    }
  ).keys.map((k) => k.kid);

describe('startIdentity embedded', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'identity-main-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('generates and keeps its key, seeds demo users once, and ensures the first admin', async () => {
    const env = {
      ...quiet,
      DATA_DIR: dataDir,
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'boss password 1',
      ADMIN_NAME: 'The Boss',
    };
    const first = await startIdentity(env, { seedDemoData: true, handleSignals: false });
    let kid: string;
    try {
      const keyFile = join(dataDir, 'identity', 'signing-key.jwk.json');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      kid = (JSON.parse(await readFile(keyFile, 'utf8')) as { kid: string }).kid;
      expect(await kidsOf(first)).toEqual([kid]);

      for (const [email, password, role] of [
        ['admin@marquee.local', 'marquee-admin-demo', 'admin'],
        ['staff@marquee.local', 'marquee-staff-demo', 'staff'],
        ['customer@marquee.local', 'marquee-customer-demo', 'customer'],
        ['boss@example.com', 'boss password 1', 'admin'],
      ]) {
        const res = await login(first, email ?? '', password ?? '');
        expect(res.status, email).toBe(200);
        expect(((await res.json()) as { user: { role: string } }).user.role).toBe(role);
      }
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    } finally {
      await first.stop();
    }

    const again = await startIdentity(
      { ...env, ADMIN_PASSWORD: 'changed password 2' },
      {
        seedDemoData: true,
        handleSignals: false,
      },
    );
    try {
      expect(await kidsOf(again)).toEqual([kid]);
      // The admin's password is set only when the account is created.
      expect((await login(again, 'boss@example.com', 'boss password 1')).status).toBe(200);
      expect((await login(again, 'boss@example.com', 'changed password 2')).status).toBe(401);
    } finally {
      await again.stop();
    }
  });
});

describe('startIdentity connected', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('identity_main');
  });
  afterAll(() => database.drop());

  it('refuses to start without JWT_PRIVATE_KEY, naming it', async () => {
    const err = await startIdentity(
      { ...quiet, DATABASE_URL: database.url },
      { handleSignals: false },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.variable)).toEqual(['JWT_PRIVATE_KEY']);
  });

  it('refuses to start with a malformed SERVICE_CLIENTS, naming it', async () => {
    const err = await startIdentity(
      { ...quiet, SERVICE_CLIENTS: 'booking' },
      { handleSignals: false },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.variable)).toEqual(['SERVICE_CLIENTS']);
  });

  it('signs with JWT_PRIVATE_KEY and counts failures in Redis', async () => {
    const pem = String(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        format: 'pem',
        type: 'pkcs8',
      }),
    );
    const service = await startIdentity(
      {
        ...quiet,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        JWT_PRIVATE_KEY: pem,
        ADMIN_EMAIL: 'ops@example.com',
        ADMIN_PASSWORD: 'ops password 1',
        SERVICE_CLIENTS: 'booking:booking-secret-1',
      },
      { handleSignals: false },
    );
    try {
      expect(await kidsOf(service)).toEqual([(await parseSigningKey(pem)).kid]);
      const res = await login(service, 'ops@example.com', 'ops password 1');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { role: string } }).user.role).toBe('admin');
      const token = await fetch(`${service.url}/api/auth/token`, {
        method: 'POST',
        headers: {
          authorization: basicCredentials('booking', 'booking-secret-1'),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect(token.status).toBe(200);
      expect(await token.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
      // No demo users unless asked (checked in the database: a failed login would leave
      // counts under the default Redis prefix).
      const handle = await openDatabase({
        url: database.url,
        migrationsFolder: IDENTITY_MIGRATIONS,
        logger: createLogger({ service: 'test', level: 'silent' }),
      });
      try {
        expect(await handle.db.select({ email: users.email }).from(users)).toEqual([
          { email: 'ops@example.com' },
        ]);
      } finally {
        await handle.close();
      }
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});
