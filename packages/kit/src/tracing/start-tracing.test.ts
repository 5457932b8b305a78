// startTracing as a service uses it: in a fresh process, before the app loads, exporting over OTLP/HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runFixtureService,
  startTestCollector,
  type TestCollector,
} from './fixtures/otlp-collector.ts';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector();
});
afterAll(() => collector.close());

describe('startTracing in a service process', () => {
  it('continues an incoming trace through Express and exports the spans to the OTLP endpoint', async () => {
    const result = await runFixtureService({
      FIXTURE_OTLP_ENDPOINT: collector.url,
      FIXTURE_TRACEPARENT: TRACEPARENT,
    });
    expect(result.status).toBe(200);
    expect(result.handlerTraceId).toBe(TRACE_ID);
    expect(result.outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));

    expect(collector.paths).toContain('/v1/traces');
    const spans = collector.spans();
    const server = spans.find(
      (s) => s.scope === '@opentelemetry/instrumentation-http' && s.kind === 2,
    );
    expect(server).toMatchObject({
      traceId: TRACE_ID,
      name: 'GET /items/:id',
      service: 'fixture-service',
    });
    // The route name comes from the Express instrumentation, which needs the ESM loader hook.
    const express = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-express');
    expect(express.length).toBeGreaterThan(0);
    expect(express.every((s) => s.traceId === TRACE_ID)).toBe(true);
  }, 40_000);

  it('still makes and propagates trace ids when nothing is exported', async () => {
    const before = collector.paths.length;
    const result = await runFixtureService({});
    expect(result.status).toBe(200);
    expect(result.handlerTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.outgoing.traceparent).toMatch(
      new RegExp(`^00-${result.handlerTraceId}-[0-9a-f]{16}-01$`),
    );
    expect(collector.paths.length).toBe(before);
  }, 40_000);

  it('continues an incoming trace when nothing is exported, with a span id of its own', async () => {
    const before = collector.paths.length;
    const result = await runFixtureService({ FIXTURE_TRACEPARENT: TRACEPARENT });
    expect(result.status).toBe(200);
    expect(result.handlerTraceId).toBe(TRACE_ID);
    const outgoing = result.outgoing.traceparent ?? '';
    expect(outgoing).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(outgoing).not.toContain('00f067aa0ba902b7');
    expect(collector.paths.length).toBe(before);
  }, 40_000);
});
