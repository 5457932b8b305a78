// The outbox table: events written in the same transaction as the change they announce, relayed later.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const outbox = pgTable(
  'outbox',
  {
    /** The event id; consumers de-duplicate on it, so it never changes between publish attempts. */
    id: uuid('id').primaryKey(),
    /** Past tense and versioned, e.g. `seat.held.v1`. */
    type: text('type').notNull(),
    routingKey: text('routing_key').notNull(),
    payload: jsonb('payload').notNull(),
    /** Trace context (W3C traceparent/tracestate) of the transaction that wrote the event. */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (table) => [
    // Partial: the relay only ever looks for what is still to be sent, and that set stays small.
    index('outbox_unpublished_idx')
      .on(table.occurredAt)
      .where(sql`${table.publishedAt} is null`),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
