// The event bus contract services code against; RabbitMQ and in-process adapters implement it.

/** One event as it travels: the outbox row's columns, minus bookkeeping. */
export interface BusMessage<P = unknown> {
  /** Event id (uuid); consumers de-duplicate on it. */
  id: string;
  /** Past tense and versioned, e.g. `booking.confirmed.v1`. */
  type: string;
  /** Topic routing key, dot-separated words, e.g. `booking.confirmed.v1`. */
  routingKey: string;
  /** JSON-serialisable; it crosses the wire as JSON, so Dates arrive as strings. */
  payload: P;
  /** Trace context and other string headers. */
  headers: Record<string, string>;
  occurredAt: Date;
}

/** What a handler receives: the message plus its delivery history. */
export interface DeliveredMessage<P = unknown> extends BusMessage<P> {
  /** 1 on the first delivery, n on the n-th try after failures. */
  attempt: number;
  /** The queue it was delivered from. */
  queue: string;
}

export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

export interface SubscribeSpec {
  /** Durable queue name; build it with `queueName(service, consumer)`. */
  queue: string;
  /** Topic patterns: `*` matches one word, `#` zero or more, e.g. `seat.*.v1`, `booking.#`. */
  bindings: string[];
  /** Resolves: processed, acknowledged. Throws: retried with backoff, parked after the last try. */
  handler: MessageHandler;
  /** How many messages may be in the handler at once (default 10). */
  prefetch?: number;
}

export interface Subscription {
  readonly queue: string;
  /** Stops consuming; the queue and its messages stay on the broker. */
  close(): Promise<void>;
}

export interface EventBus {
  /** Resolves only once the broker has confirmed it holds the message. */
  publish(message: BusMessage): Promise<void>;
  subscribe(spec: SubscribeSpec): Promise<Subscription>;
  /** Readiness: rejects while the broker is unreachable. */
  ping(): Promise<void>;
  /** Closes subscriptions and connections; in-flight handlers are left to finish. */
  close(): Promise<void>;
}

/**
 * Thrown by a handler when trying again cannot help (a malformed payload, an unknown version):
 * the message is parked at once instead of being retried.
 */
export class PermanentMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentMessageError';
  }
}

export const isPermanentMessageError = (err: unknown): err is PermanentMessageError =>
  err instanceof PermanentMessageError;
