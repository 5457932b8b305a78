// Carries trace context across process boundaries: message headers (outbox, broker) and outgoing HTTP calls.
import {
  context,
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

/** Plain header records (messages, JSON) or a fetch `Headers` object. */
export type TraceCarrier = Record<string, string> | Headers;

const setter: TextMapSetter<TraceCarrier> = {
  set(carrier, key, value) {
    if (carrier instanceof Headers) carrier.set(key, value);
    else carrier[key] = value;
  },
};

const getter: TextMapGetter<Record<string, unknown> | Headers> = {
  get(carrier, key) {
    if (carrier instanceof Headers) return carrier.get(key) ?? undefined;
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
  keys: (carrier) => (carrier instanceof Headers ? [...carrier.keys()] : Object.keys(carrier)),
};

/**
 * Writes the active trace context (W3C `traceparent`/`tracestate` once tracing is started) into
 * `carrier` and returns it. Without an SDK it writes nothing. Node's fetch is not instrumented, so
 * calls to other services pass their headers through here:
 * `fetch(url, { headers: injectTraceHeaders({ accept: 'application/json' }) })`.
 */
export function injectTraceHeaders<C extends TraceCarrier = Record<string, string>>(
  carrier?: C,
): C {
  const target = carrier ?? ({} as C);
  propagation.inject(context.active(), target, setter);
  return target;
}

/** The context described by `carrier`, on top of the active one. */
export function extractTraceContext(carrier: Record<string, unknown> | Headers): Context {
  return propagation.extract(context.active(), carrier, getter);
}

/** Runs `fn` as a continuation of the trace described by `carrier`. */
export function runWithTraceContext<T>(carrier: Record<string, unknown> | Headers, fn: () => T): T {
  return context.with(extractTraceContext(carrier), fn);
}
