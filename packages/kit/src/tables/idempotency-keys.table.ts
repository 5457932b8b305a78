// Idempotency keys: the first request with a key claims it, later ones with the same key and body
// get the stored answer again. Used through withIdempotency (@marquee/kit/http).
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const IDEMPOTENCY_STATES = ['in_progress', 'done'] as const;

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Whose key it is (the principal's id): two callers may pick the same key without meeting. */
    caller: text('caller').notNull(),
    key: text('key').notNull(),
    /** What the key was used for (method and path); another route with the same key is refused. */
    route: text('route').notNull(),
    /** sha256 of the canonical JSON of the request as the service chose to fingerprint it. */
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: IDEMPOTENCY_STATES }).notNull().default('in_progress'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.caller, table.key] }),
    // The cleanup worker deletes by age.
    index('idempotency_keys_created_idx').on(table.createdAt),
    check(
      'idempotency_keys_done_has_response',
      sql`(${table.state} = 'done') = (${table.responseStatus} IS NOT NULL)`,
    ),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
