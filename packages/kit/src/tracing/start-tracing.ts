// Starts OpenTelemetry for one service: W3C propagation, HTTP/Express/pg spans, OTLP/HTTP export.
// Without an exporter (nor extra processors) only HTTP is instrumented: ids, no detail spans.
//
// Instrumentation patches modules as they load, so it must start before the app's modules do.
// A service's main.ts therefore imports only configuration and this kit folder statically, starts
// tracing, then loads everything else dynamically:
//
//   const config = parseConfigOrExit(configSchema);
//   const tracing = startTracing({ serviceName: 'booking', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
//   const { start } = await import('./app.ts'); // express, pg, ... load instrumented
//   await start(config, { tracing });
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { Logger } from '../logging/index.ts';
import { useLoggerForDiagnostics } from './diag-logger.ts';
import { installModuleHooks } from './module-hooks.ts';
import { setRequestTracing } from './continue-trace.ts';

export interface TracingOptions {
  /** `service.name` of every span. */
  serviceName: string;
  /**
   * OTLP/HTTP base URL, as in OTEL_EXPORTER_OTLP_ENDPOINT (spans go to `<endpoint>/v1/traces`).
   * Unset: trace ids are still made and propagated (logs, headers, messages), nothing is exported.
   */
  endpoint?: string;
  /** Receives OpenTelemetry's warnings and errors (e.g. a collector that cannot be reached). */
  logger?: Logger;
  /** Extra span processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** Flushes pending spans and stops tracing; call it last when the service stops. */
  shutdown(): Promise<void>;
}

/** Probes, metrics scrapes and the API description are not worth a trace each. */
const UNTRACED_PATHS = new Set(['/livez', '/readyz', '/metrics', '/openapi.json']);

const pathOf = (url: string | undefined) => (url ?? '').split('?', 1)[0] ?? '';

/**
 * Spans are made only when they go somewhere: then the HTTP, Express and pg instrumentations
 * describe each request. When nothing is recorded they would cost every request and every query
 * their making for nothing, and the kit's `continueTrace` middleware gives requests their trace
 * ids instead (continue-trace.ts).
 */
function createInstrumentations(recording: boolean) {
  if (!recording) return [];
  const http = new HttpInstrumentation({
    ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(pathOf(req.url)),
  });
  return [http, new ExpressInstrumentation(), new PgInstrumentation()];
}

/**
 * The http instrumentation patches `node:http` when it is next required; code that imports it as
 * an ES module never requires it, so require it here, then let ESM named imports see the patch.
 */
function patchCoreHttp() {
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  syncBuiltinESMExports();
}

const traceExportUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/v1/traces`;

let running = false;

/** Starts tracing for this process (once; again only after `shutdown`). */
export function startTracing(options: TracingOptions): Tracing {
  if (running) throw new Error('Tracing is already started in this process.');
  running = true;
  if (options.logger) useLoggerForDiagnostics(options.logger);

  installModuleHooks();
  const spanProcessors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.endpoint) {
    spanProcessors.push(
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: traceExportUrl(options.endpoint) }),
      }),
    );
  }
  const recording = spanProcessors.length > 0;
  // The SDK installs no tracer provider without a processor, and then no trace ids would exist.
  if (!recording) spanProcessors.push(new NoopSpanProcessor());

  const instrumentations = createInstrumentations(recording);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations,
    spanProcessors,
    // Metrics are prom-client's job and logs are pino's: keep the SDK from exporting either.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  if (recording) patchCoreHttp();
  setRequestTracing(recording ? 'instrumented' : 'middleware');
  options.logger?.info(
    { exporting: options.endpoint ? traceExportUrl(options.endpoint) : false },
    'tracing started',
  );

  let stopped: Promise<void> | undefined;
  return {
    shutdown() {
      stopped ??= (async () => {
        try {
          await sdk.shutdown();
        } finally {
          for (const instrumentation of instrumentations) instrumentation.disable();
          trace.disable();
          propagation.disable();
          context.disable();
          diag.disable();
          setRequestTracing('off');
          running = false;
        }
      })();
      return stopped;
    },
  };
}
