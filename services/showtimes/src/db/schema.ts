// The showtimes database: the schedule, one row per seat per showtime, holds, and sales.
// Constraints that guard correctness even when code is wrong live in the custom migration
// (drizzle/0001_inventory_guards.sql): no overlapping showtimes on a screen, one sale per seat.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  pgSequence,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PriceTable } from '@marquee/contracts/prices';

export { outbox, processedEvents } from '@marquee/kit/tables';

/** Every change to a seat takes a number from here; a showtime's seat-map version derives from them. */
export const seatChangeSeq = pgSequence('seat_change_seq');

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const showtimes = pgTable(
  'showtimes',
  {
    id: uuid('id').primaryKey(),
    movieId: uuid('movie_id').notNull(),
    theaterId: uuid('theater_id').notNull(),
    screenId: uuid('screen_id').notNull(),
    layoutVersion: integer('layout_version').notNull(),
    /** IANA time zone of the theater, snapshotted so browsing by local date needs no call. */
    timeZone: text('time_zone').notNull(),
    movieTitle: text('movie_title').notNull(),
    runtimeMinutes: integer('runtime_minutes').notNull(),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    priceTable: jsonb('price_table').$type<PriceTable>().notNull(),
    salesOpenAt: timestamptz('sales_open_at').notNull(),
    salesCloseAt: timestamptz('sales_close_at').notNull(),
    status: text('status', { enum: ['scheduled', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    cancelledAt: timestamptz('cancelled_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('showtimes_movie_starts_idx').on(t.movieId, t.startsAt),
    index('showtimes_theater_starts_idx').on(t.theaterId, t.startsAt),
    check('showtimes_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('showtimes_sales_window', sql`${t.salesOpenAt} < ${t.salesCloseAt}`),
  ],
);

export const seats = pgTable(
  'seats',
  {
    showtimeId: uuid('showtime_id')
      .notNull()
      .references(() => showtimes.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    rowName: text('row_name').notNull(),
    /** Index in the row with gaps counted, so adjacency and aisles can be read from it. */
    position: smallint('position').notNull(),
    category: text('category', {
      enum: ['standard', 'premium', 'wheelchair', 'companion'],
    }).notNull(),
    state: text('state', { enum: ['available', 'held', 'sold', 'blocked'] })
      .notNull()
      .default('available'),
    holdId: uuid('hold_id'),
    /** A held seat counts as held only until this instant; nothing waits for a sweeper. */
    heldUntil: timestamptz('held_until'),
    /** Customer holding or owning the seat (per-customer limits, companion rule). */
    holderId: uuid('holder_id'),
    /** From one sequence: the seat map's version is derived from the largest (see seat-map). */
    changeSeq: bigint('change_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('seat_change_seq')`),
  },
  (t) => [
    primaryKey({ columns: [t.showtimeId, t.label] }),
    index('seats_hold_idx').on(t.holdId),
    // Hold requests name seats in any case: finding their rows must not read the whole showtime.
    index('seats_showtime_upper_label_idx').on(t.showtimeId, sql`upper(${t.label})`),
    // Locking whole seat rows in (row_name, position) order, and counting a customer's seats.
    index('seats_showtime_row_idx').on(t.showtimeId, t.rowName, t.position),
    index('seats_showtime_holder_idx').on(t.showtimeId, t.holderId),
    index('seats_showtime_seq_idx').on(t.showtimeId, t.changeSeq),
    index('seats_expiry_idx')
      .on(t.heldUntil)
      .where(sql`${t.state} = 'held'`),
    // available/blocked: no hold; held: a hold and an expiry; sold: the hold it was sold through.
    check('seats_held_has_expiry', sql`(${t.state} = 'held') = (${t.heldUntil} IS NOT NULL)`),
    check(
      'seats_taken_has_hold',
      sql`(${t.state} IN ('held', 'sold')) = (${t.holdId} IS NOT NULL)`,
    ),
    check(
      'seats_taken_has_holder',
      sql`(${t.state} IN ('held', 'sold')) = (${t.holderId} IS NOT NULL)`,
    ),
  ],
);

export const holds = pgTable(
  'holds',
  {
    id: uuid('id').primaryKey(),
    showtimeId: uuid('showtime_id')
      .notNull()
      .references(() => showtimes.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    seatLabels: text('seat_labels').array().notNull(),
    status: text('status', { enum: ['active', 'released', 'expired', 'confirmed'] })
      .notNull()
      .default('active'),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    extensions: smallint('extensions').notNull().default(0),
    endedAt: timestamptz('ended_at'),
    /** Set by the confirm operation: who bought (booking reference). */
    bookingRef: text('booking_ref'),
  },
  (t) => [index('holds_customer_showtime_idx').on(t.customerId, t.showtimeId)],
);

/**
 * The last guard: at most one live sale per seat of a showtime, whatever the code above does. A
 * sale that is undone (a refund releases the seat) keeps its row with `released_at` set.
 */
export const seatSales = pgTable(
  'seat_sales',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    showtimeId: uuid('showtime_id')
      .notNull()
      .references(() => showtimes.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    holdId: uuid('hold_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    soldAt: timestamptz('sold_at').notNull(),
    releasedAt: timestamptz('released_at'),
  },
  (t) => [
    uniqueIndex('seat_sales_one_live_sale')
      .on(t.showtimeId, t.label)
      .where(sql`${t.releasedAt} IS NULL`),
  ],
);
