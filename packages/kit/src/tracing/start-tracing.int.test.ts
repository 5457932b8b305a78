// startTracing against the real PostgreSQL: pg queries made in a request join the request's trace.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../testing/index.ts';
import {
  runFixtureService,
  startTestCollector,
  type TestCollector,
} from './fixtures/otlp-collector.ts';

const TRACE_ID = '5cf92f3577b34da6a3ce929d0e0e4737';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector();
});
afterAll(() => collector.close());

it('records pg queries as client spans of the request trace', async () => {
  const result = await runFixtureService({
    FIXTURE_OTLP_ENDPOINT: collector.url,
    FIXTURE_TRACEPARENT: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    FIXTURE_DATABASE_URL: TEST_POSTGRES_URL,
  });
  expect(result.status).toBe(200);
  const queries = collector
    .spans()
    .filter((s) => s.scope === '@opentelemetry/instrumentation-pg' && s.kind === 3);
  expect(queries.some((s) => s.name.startsWith('pg.query:SELECT'))).toBe(true);
  expect(queries.every((s) => s.traceId === TRACE_ID)).toBe(true);
});
