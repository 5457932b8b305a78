// Every exchange and queue name the bus uses is built here, so the topology can be read in one place.
//
//   <exchange>                      topic exchange every service publishes events to (durable)
//   <service>.<consumer>            one durable queue per consumer, bound with topic patterns;
//                                   dead-letters to <exchange>.dlx with its own name as routing key
//   <queue>.retry.<delay>ms         delay queue per distinct backoff delay: TTL <delay>, then
//                                   dead-letters back to <queue> through the default exchange
//   <exchange>.dlx                  direct exchange that parks rejected messages
//   <queue>.dlq                     parking queue bound to <exchange>.dlx with key <queue>

const NAME_PART = /^[a-z0-9][a-z0-9-]*$/;

/** The platform's single topic exchange for domain events. */
export const DEFAULT_EVENTS_EXCHANGE = 'marquee.events';

/** `queueName('booking', 'payment-events')` -> `booking.payment-events`. */
export function queueName(service: string, consumer: string): string {
  for (const part of [service, consumer]) {
    if (!NAME_PART.test(part)) {
      throw new RangeError(`queue name part "${part}" must be lowercase letters, digits and '-'`);
    }
  }
  return `${service}.${consumer}`;
}

export function deadLetterExchangeName(exchange: string): string {
  return `${exchange}.dlx`;
}

export function parkingQueueName(queue: string): string {
  return `${queue}.dlq`;
}

/** Named by delay so that changing a retry policy adds queues instead of clashing with old ones. */
export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}ms`;
}
