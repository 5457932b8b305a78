// Which events each consumer has already applied: the dedupe record that commits with the effect.
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const processedEvents = pgTable(
  'processed_events',
  {
    /** The consuming handler's name; one service may have several consumers of the same event. */
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.consumer, table.eventId] })],
);

export type ProcessedEventRow = typeof processedEvents.$inferSelect;
