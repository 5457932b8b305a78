// Trace context survives an HTTP hop into a server and a message hop through headers.
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { injectTraceHeaders, runWithTraceContext } from './propagation.ts';
import { startTracing, type Tracing } from './start-tracing.ts';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_SPAN_ID = 'b7ad6b7169203331';

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor({ exporter: exporter });
let tracing: Tracing;

beforeAll(() => {
  tracing = startTracing({ serviceName: 'tracing-test', spanProcessors: [processor] });
});

/** Finished spans, once exported: the processor waits for the resource's async attributes first. */
async function finishedSpans(kind?: SpanKind) {
  await processor.forceFlush();
  return exporter.getFinishedSpans().filter((s) => kind === undefined || s.kind === kind);
}
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

const activeTraceId = () => trace.getSpanContext(context.active())?.traceId;

describe('startTracing', () => {
  it('refuses to start twice', () => {
    expect(() => startTracing({ serviceName: 'again' })).toThrow(/already started/);
  });

  it('continues the trace of an incoming traceparent inside the HTTP handler', async () => {
    const http = await import('node:http');
    let seen: { traceId?: string; outgoing?: Record<string, string> } = {};
    const server = http.createServer((_req, res) => {
      seen = { traceId: activeTraceId(), outgoing: injectTraceHeaders() };
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/orders/1`, {
        headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` },
      });
      expect(await res.text()).toBe('ok');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }

    expect(seen.traceId).toBe(TRACE_ID);
    // What the handler would send on: same trace, the server span as parent.
    expect(seen.outgoing?.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    // The server span ends when the response has been written, which may be after fetch resolves.
    const serverSpans = await vi.waitFor(async () => {
      const spans = await finishedSpans(SpanKind.SERVER);
      expect(spans).toHaveLength(1);
      return spans;
    });
    const [serverSpan] = serverSpans;
    expect(serverSpan?.spanContext().traceId).toBe(TRACE_ID);
    expect(serverSpan?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(seen.outgoing?.traceparent).toContain(serverSpan?.spanContext().spanId);
    expect(serverSpan?.resource.attributes['service.name']).toBe('tracing-test');
  });

  it('starts a new trace when a request carries none', async () => {
    const http = await import('node:http');
    let traceId: string | undefined;
    const server = http.createServer((_req, res) => {
      traceId = activeTraceId();
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
  });
});

describe('trace context across a message boundary', () => {
  it('carries the trace id from the producer through headers to the consumer', async () => {
    const tracer = trace.getTracer('tracing-test');
    const { headers, producer } = tracer.startActiveSpan('booking.confirmed.v1 publish', (span) => {
      const produced = { headers: injectTraceHeaders(), producer: span.spanContext() };
      span.end();
      return produced;
    });
    expect(headers.traceparent).toBe(`00-${producer.traceId}-${producer.spanId}-01`);

    // As a broker would: serialised, and read back where no trace is active.
    const delivered = JSON.parse(JSON.stringify(headers)) as Record<string, unknown>;
    const consumer = context.with(ROOT_CONTEXT, () => {
      expect(activeTraceId()).toBeUndefined();
      return runWithTraceContext(delivered, () =>
        tracer.startActiveSpan(
          'booking.confirmed.v1 process',
          { kind: SpanKind.CONSUMER },
          (span) => {
            span.end();
            return { traceId: activeTraceId(), span };
          },
        ),
      );
    });
    expect(consumer.traceId).toBe(producer.traceId);
    const finished = (await finishedSpans(SpanKind.CONSUMER)).find(
      (s) => s.name === 'booking.confirmed.v1 process',
    );
    expect(finished?.parentSpanContext?.spanId).toBe(producer.spanId);
  });

  it('writes into fetch Headers too', () => {
    const tracer = trace.getTracer('tracing-test');
    tracer.startActiveSpan('call', (span) => {
      const headers = injectTraceHeaders(new Headers({ accept: 'application/json' }));
      expect(headers.get('traceparent')).toBe(
        `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      );
      expect(headers.get('accept')).toBe('application/json');
      expect(runWithTraceContext(headers, activeTraceId)).toBe(span.spanContext().traceId);
      span.end();
    });
  });
});
