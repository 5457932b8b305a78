// Checks a message before it leaves the publisher, so a bad one fails at its source, not in a consumer.
import type { BusMessage } from './event-bus.ts';

const ROUTING_KEY = /^[^.*#\s]+(\.[^.*#\s]+)*$/;

export function assertPublishable(message: BusMessage): void {
  if (!message.id) throw new RangeError('event id is required');
  if (!message.type) throw new RangeError('event type is required');
  // AMQP short strings stop at 255 bytes.
  if (!ROUTING_KEY.test(message.routingKey) || Buffer.byteLength(message.routingKey) > 255) {
    throw new RangeError(`routing key "${message.routingKey}" must be dot-separated words`);
  }
  if (!(message.occurredAt instanceof Date) || Number.isNaN(message.occurredAt.getTime())) {
    throw new RangeError('occurredAt must be a valid Date');
  }
}
