// Makes a bus handler idempotent: the dedupe record and the handler's effect commit together.
import type { DeliveredMessage, MessageHandler } from '../bus/event-bus.ts';
import { PermanentMessageError } from '../bus/event-bus.ts';
import type { Database, Transaction } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';
import { processedEvents } from '../tables/index.ts';

export interface IdempotentHandlerOptions<P = unknown> {
  db: Database;
  /** Names this consumer in processed_events; keep it stable across deploys (e.g. the queue name). */
  consumer: string;
  /** Runs inside the transaction that records the event; throw to roll both back and retry. */
  handle: (tx: Transaction, event: DeliveredMessage<P>) => Promise<void>;
  logger?: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A duplicate delivery (same consumer, same event id) commits nothing and resolves, so the bus
 * acks it. A failure rolls back the dedupe record with the effect, so the retry starts clean.
 */
export function createIdempotentHandler<P = unknown>(
  options: IdempotentHandlerOptions<P>,
): MessageHandler {
  const { db, consumer, handle, logger } = options;
  return async (event) => {
    // Retrying cannot make a bad id valid; park it instead of burning the retries.
    if (!UUID.test(event.id))
      throw new PermanentMessageError(`event id "${event.id}" is not a uuid`);
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(processedEvents)
        .values({ consumer, eventId: event.id })
        .onConflictDoNothing()
        .returning({ eventId: processedEvents.eventId });
      if (inserted.length === 0) {
        logger?.debug({ consumer, eventId: event.id, type: event.type }, 'duplicate event skipped');
        return;
      }
      await handle(tx, event as DeliveredMessage<P>);
    });
  };
}
