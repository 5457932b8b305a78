// Runs a handler as a consumer span that continues the trace carried in the message headers.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { extractTraceContext } from '../tracing/propagation.ts';
import type { DeliveredMessage, MessageHandler } from './event-bus.ts';

const tracer = trace.getTracer('@marquee/kit/bus');

export function runHandlerInSpan(
  handler: MessageHandler,
  message: DeliveredMessage,
): Promise<void> {
  const parent = extractTraceContext(message.headers);
  return tracer.startActiveSpan(
    `${message.queue} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.queue,
        'messaging.message.id': message.id,
        'messaging.rabbitmq.destination.routing_key': message.routingKey,
        'marquee.event.type': message.type,
        'marquee.delivery.attempt': message.attempt,
      },
    },
    parent,
    async (span) => {
      try {
        await handler(message);
      } catch (err) {
        span.recordException(err instanceof Error ? err : String(err));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
