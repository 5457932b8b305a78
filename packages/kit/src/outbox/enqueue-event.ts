// Writes an event to the outbox inside the caller's transaction, so it commits (or not) with the change.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import type { BusMessage } from '../bus/event-bus.ts';
import { assertPublishable } from '../bus/validate-message.ts';
import { outbox } from '../tables/index.ts';
import { injectTraceHeaders } from '../tracing/propagation.ts';

export interface NewEvent<P = unknown> {
  /** Past tense and versioned, e.g. `seat.held.v1`. */
  type: string;
  /** Defaults to `type`. */
  routingKey?: string;
  payload: P;
  /** Defaults to a new uuid; pass one to make the write itself idempotent. */
  id?: string;
  occurredAt?: Date;
}

/**
 * Call with the transaction that makes the change the event announces. The event is checked here
 * (not at publish time), so a malformed one fails the business transaction rather than the relay.
 */
export async function enqueueEvent<P>(tx: Queryable, event: NewEvent<P>): Promise<BusMessage<P>> {
  const message = prepareEvent(event);
  await tx.insert(outbox).values({
    id: message.id,
    type: message.type,
    routingKey: message.routingKey,
    payload: message.payload,
    headers: message.headers,
    occurredAt: message.occurredAt,
  });
  return message;
}

/**
 * The outbox row `enqueueEvent` would write, checked and carrying the current trace context, for
 * a caller that writes it within a statement of its own (one round trip for change and event).
 * The row must still be written in the transaction that makes the change.
 */
export function prepareEvent<P>(event: NewEvent<P>): BusMessage<P> {
  const message: BusMessage<P> = {
    id: event.id ?? randomUUID(),
    type: event.type,
    routingKey: event.routingKey ?? event.type,
    payload: event.payload,
    headers: injectTraceHeaders({}),
    occurredAt: event.occurredAt ?? new Date(),
  };
  assertPublishable(message);
  return message;
}
