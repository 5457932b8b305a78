// Tracing: OpenTelemetry start-up for a service and the trace-context carriers for messages and HTTP calls.
export { startTracing, type Tracing, type TracingOptions } from './start-tracing.ts';
export { continueTrace, type RequestTracing } from './continue-trace.ts';
export {
  extractTraceContext,
  injectTraceHeaders,
  runWithTraceContext,
  type TraceCarrier,
} from './propagation.ts';
