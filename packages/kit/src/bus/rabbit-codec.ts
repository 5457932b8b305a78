// How an event maps onto an AMQP message (body, properties, headers) and back.
import type { ConsumeMessage, Options } from 'amqplib';
import type { BusMessage, DeliveredMessage } from './event-bus.ts';

/**
 * Headers the bus keeps for itself; handlers see only the others (trace context and the like).
 *   x-attempt        delivery number of the next try (absent = 1)
 *   x-routing-key    the original routing key, kept when a retry comes back via a delay queue
 *   x-occurred-at    occurredAt with milliseconds (the AMQP timestamp has seconds only)
 *   x-last-error     why the last try failed (on parked messages)
 */
export const HEADER = {
  attempt: 'x-attempt',
  routingKey: 'x-routing-key',
  occurredAt: 'x-occurred-at',
  lastError: 'x-last-error',
} as const;

export function encodeMessage(message: BusMessage): { content: Buffer; options: Options.Publish } {
  return {
    content: Buffer.from(JSON.stringify(message.payload ?? null)),
    options: {
      persistent: true,
      messageId: message.id,
      type: message.type,
      contentType: 'application/json',
      timestamp: Math.floor(message.occurredAt.getTime() / 1000),
      headers: { ...message.headers, [HEADER.occurredAt]: message.occurredAt.toISOString() },
    },
  };
}

/** Throws when the body is not JSON: such a message can never be handled and goes to parking. */
export function decodeDelivery(msg: ConsumeMessage, queue: string): DeliveredMessage {
  const raw = (msg.properties.headers ?? {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('x-') && typeof value === 'string') headers[key] = value;
  }
  const occurredAt =
    typeof raw[HEADER.occurredAt] === 'string'
      ? new Date(raw[HEADER.occurredAt] as string)
      : new Date(
          typeof msg.properties.timestamp === 'number'
            ? msg.properties.timestamp * 1000
            : Date.now(),
        );
  return {
    id: String(msg.properties.messageId ?? ''),
    type: String(msg.properties.type ?? ''),
    routingKey:
      typeof raw[HEADER.routingKey] === 'string'
        ? (raw[HEADER.routingKey] as string)
        : msg.fields.routingKey,
    payload: JSON.parse(msg.content.toString('utf8')) as unknown,
    headers,
    occurredAt,
    attempt: attemptOf(msg),
    queue,
  };
}

export function attemptOf(msg: ConsumeMessage): number {
  const value = Number((msg.properties.headers ?? {})[HEADER.attempt] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * The same message, to be sent again (to a delay queue or to parking) with `extra` headers.
 * Broker-written death records are dropped: RabbitMQ owns them, and they would only grow.
 */
export function republishOptions(
  msg: ConsumeMessage,
  extra: Record<string, string | number>,
): Options.Publish {
  const headers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(msg.properties.headers ?? {})) {
    if (key !== 'x-death' && !key.startsWith('x-first-death') && !key.startsWith('x-last-death')) {
      headers[key] = value;
    }
  }
  if (headers[HEADER.routingKey] === undefined) headers[HEADER.routingKey] = msg.fields.routingKey;
  return {
    persistent: true,
    messageId: msg.properties.messageId as string | undefined,
    type: msg.properties.type as string | undefined,
    contentType: msg.properties.contentType as string | undefined,
    timestamp: msg.properties.timestamp as number | undefined,
    headers: { ...headers, ...extra },
  };
}
