// Trace ids for a request when no span is recorded. Exporting, the HTTP instrumentation continues
// the caller's trace in a server span. Not exporting, that instrumentation cost a service about a
// fifth of a small request (npm run bench:read, straight to booking: 496-529/s with it, 571-637/s
// with this middleware, 584-691/s without tracing). So then this middleware does the one part a service
// needs: the caller's `traceparent` (or a new trace) becomes the active context, with a span id of
// this service's own, so logs carry the ids and outgoing calls and messages continue the trace.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type SpanContext,
} from '@opentelemetry/api';

/** How requests get their trace context: not at all, by the HTTP instrumentation, or here. */
export type RequestTracing = 'off' | 'instrumented' | 'middleware';

let mode: RequestTracing = 'off';

/** Set by startTracing (and back to 'off' by its shutdown). */
export function setRequestTracing(next: RequestTracing): void {
  mode = next;
}

const newId = (bytes: number) => {
  for (;;) {
    const id = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(id)) return id;
  }
};

/** Runs `next` in the request's trace context when tracing is on and nothing else provides it. */
export function continueTrace(
  req: IncomingMessage,
  _res: ServerResponse,
  next: (err?: unknown) => void,
): void {
  if (mode !== 'middleware') {
    next();
    return;
  }
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const caller = trace.getSpanContext(parent);
  const continued = caller && isSpanContextValid(caller);
  const span: SpanContext = {
    traceId: continued ? caller.traceId : newId(16),
    spanId: newId(8),
    // The caller's sampling decision travels on unchanged; a new trace is marked sampled, as the
    // SDK's default sampler would.
    traceFlags: continued ? caller.traceFlags : TraceFlags.SAMPLED,
  };
  context.with(trace.setSpanContext(parent, span), next);
}
