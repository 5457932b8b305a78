// runService on real PostgreSQL: it serves, reports readiness, and drains in-flight requests on stop.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, baseConfigSchema } from '../config/index.ts';
import { createRoutes } from '../http/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { runService, type RunningService } from './run-service.ts';

const migrationsFolder = fileURLToPath(new URL('../db/fixtures/migrations', import.meta.url));
let testDb: TestDatabase;
let service: RunningService;
let workerStopped = false;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const routes = createRoutes();
  routes.add(
    {
      method: 'get',
      path: '/api/slow',
      summary: 'slow',
      responses: { 200: { description: 'ok' } },
    },
    async ({ res }) => {
      await new Promise((r) => setTimeout(r, 700));
      res.json({ done: true });
    },
  );
  service = await runService({
    name: 'probe',
    config: parseConfig(baseConfigSchema, {
      DATABASE_URL: testDb.url,
      LOG_LEVEL: 'silent',
      SHUTDOWN_TIMEOUT_MS: '30000',
    }),
    migrationsFolder,
    handleSignals: false,
    logger: createLogger({ service: 'probe', level: 'silent' }),
    build: () => ({
      routes,
      workers: [
        {
          name: 'probe-worker',
          start: () => undefined,
          stop: async () => void (workerStopped = true),
        },
      ],
    }),
  });
});
afterAll(() => testDb.drop());

describe('runService', () => {
  it('is ready once its database answers', async () => {
    const res = await fetch(`${service.url}/readyz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { checks: Record<string, string> }).checks).toMatchObject({
      database: 'ok',
    });
  });

  it('finishes in-flight requests on stop, then refuses connections and stops its workers', async () => {
    const inFlight = fetch(`${service.url}/api/slow`);
    await new Promise((r) => setTimeout(r, 150));
    const stopAt = performance.now();
    const stopping = service.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await stopping;
    // Drained, not cut off by the 30 s shutdown timeout (a kept-alive socket would hold it open).
    expect(performance.now() - stopAt).toBeLessThan(15_000);
    expect(workerStopped).toBe(true);
    await expect(fetch(`${service.url}/livez`)).rejects.toThrow();
  });
});
