// Test support: identity started in-process on port 0 against a fresh PostgreSQL database.
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { ConfigError, parseConfig } from '@marquee/kit/config';
import { openDatabase, type DatabaseHandle } from '@marquee/kit/db';
import { listen } from '@marquee/kit/http';
import { createLogger } from '@marquee/kit/logging';
import { createTestDatabase, uniqueSuffix, type TestDatabase } from '@marquee/kit/testing';
import { createIdentityApp, type ThrottleBackend } from '../app.ts';
import { identityConfigSchema, type IdentityConfig } from '../config.ts';
import { users } from '../db/schema.ts';
import { createPasswordHasher } from '../domain/passwords.ts';
import { parseSigningKey, type SigningKey } from '../domain/signing-keys.ts';
import type { UserRole } from '../domain/user.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Cheaper than production hashing (same algorithm) so suites that sign in often stay quick. */
export const testHasher = createPasswordHasher({ memoryCost: 4096, timeCost: 1, parallelism: 1 });

export const testLogger = createLogger({ service: 'identity-test', level: 'silent' });

export async function newSigningKey(): Promise<SigningKey> {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  });
  return parseSigningKey(String(pem));
}

export function testConfig(env: Record<string, string> = {}): IdentityConfig {
  try {
    return parseConfig(identityConfigSchema, { LOG_LEVEL: 'silent', ...env });
  } catch (err) {
    if (err instanceof ConfigError) throw new Error(err.message, { cause: err });
    throw err;
  }
}

export interface TestIdentity {
  url: string;
  handle: DatabaseHandle;
  key: SigningKey;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, token?: string): Promise<Response>;
  /** Registers a fresh account (unique email) and returns its session body. */
  register(overrides?: { email?: string; password?: string; name?: string }): Promise<TestSession>;
  setRole(userId: string, role: UserRole): Promise<void>;
}

export interface TestSession {
  user: { id: string; email: string; name: string; role: UserRole };
  accessToken: string;
  refreshToken: string;
  password: string;
}

export async function startTestIdentity(
  options: {
    throttle?: ThrottleBackend;
    throttleKeyPrefix?: string;
    env?: Record<string, string>;
  } = {},
): Promise<TestIdentity> {
  const database: TestDatabase = await createTestDatabase('identity_test');
  const handle = await openDatabase({ url: database.url, migrationsFolder, logger: testLogger });
  const key = await newSigningKey();
  const app = createIdentityApp({
    config: testConfig(options.env),
    logger: testLogger,
    db: handle.db,
    keys: [key],
    throttle: options.throttle ?? { kind: 'memory' },
    throttleKeyPrefix: options.throttleKeyPrefix,
    hasher: testHasher,
  });
  const server = await listen(app, { port: 0 });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  return {
    url: server.url,
    handle,
    key,
    post,
    get,
    async register(overrides = {}) {
      const password = overrides.password ?? 'correct horse 42';
      const res = await post('/api/auth/register', {
        email: overrides.email ?? `user-${uniqueSuffix()}@example.com`,
        password,
        name: overrides.name ?? 'Test User',
      });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
      return { ...((await res.json()) as Omit<TestSession, 'password'>), password };
    },
    async setRole(userId, role) {
      await handle.db.update(users).set({ role }).where(eq(users.id, userId));
    },
    async close() {
      await server.close(1_000);
      await handle.close();
      await database.drop();
    },
  };
}
