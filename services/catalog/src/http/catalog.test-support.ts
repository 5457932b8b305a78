// Test support: the catalog app in-process on port 0 over a fresh PostgreSQL database, with tokens.
import { fileURLToPath } from 'node:url';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
} from '@marquee/kit/auth';
import { openDatabase, type DatabaseHandle } from '@marquee/kit/db';
import { listen } from '@marquee/kit/http';
import { createLogger } from '@marquee/kit/logging';
import { createTestDatabase } from '@marquee/kit/testing';
import { createCatalogApp } from '../app.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface TestCatalog {
  url: string;
  db: DatabaseHandle['db'];
  tokens: { admin: string; customer: string; staff: string };
  /** fetch against the app; a `body` object is sent as JSON, `token` as a bearer token. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startTestCatalog(): Promise<TestCatalog> {
  const testDb = await createTestDatabase('marquee_catalog');
  const logger = createLogger({ service: 'catalog-test', level: 'silent' });
  const database = await openDatabase({ url: testDb.url, migrationsFolder, logger, poolMax: 4 });
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const app = createCatalogApp({
    config: { BODY_LIMIT: '200kb' },
    logger,
    db: database.db,
    verifier,
  });
  const server = await listen(app, { port: 0 });
  const tokens = {
    admin: await issuer.sign({ role: 'admin' }, { expiresIn: '1h' }),
    customer: await issuer.sign({ role: 'customer' }, { expiresIn: '1h' }),
    staff: await issuer.sign({ role: 'staff' }, { expiresIn: '1h' }),
  };

  return {
    url: server.url,
    db: database.db,
    tokens,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
    async close() {
      await server.close(1_000);
      await database.close();
      await testDb.drop();
    },
  };
}
