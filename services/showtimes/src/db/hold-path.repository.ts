// The hold-and-release hot path as few statements as its locking allows, written as SQL: every
// round trip to PostgreSQL costs both sides a system call and a wake-up, and these run for every
// hold. bench/holds/hold-release.sql runs the same statements through pgbench; keep them in step.
// Lock order as everywhere (docs/holds.md): customer advisory lock, showtime (shared), seats in
// (row_name, position) order, then hold rows.
import type { BusMessage } from '@marquee/kit/bus';
import { queryRows, type Queryable } from '@marquee/kit/db';
import { sql, type SQL } from 'drizzle-orm';
import type { SeatRecord } from './hold-seats.repository.ts';
import type { HoldRecord, ShowtimeSalesRecord } from './holds.repository.ts';

/** What the rules and a takeover need of a locked seat. */
export type LockedSeat = Pick<
  SeatRecord,
  'label' | 'rowName' | 'position' | 'category' | 'state' | 'holdId' | 'heldUntil' | 'holderId'
>;

interface SeatRow {
  label: string;
  row_name: string;
  position: number;
  category: SeatRecord['category'];
  state: SeatRecord['state'];
  hold_id: string | null;
  held_until: Date | string | null;
  holder_id: string | null;
}

interface HoldRow {
  id: string;
  showtime_id: string;
  customer_id: string;
  seat_labels: string[];
  status: HoldRecord['status'];
  created_at: Date | string;
  expires_at: Date | string;
  extensions: number;
  ended_at: Date | string | null;
  booking_ref: string | null;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

const toSeat = (row: SeatRow): LockedSeat => ({
  label: row.label,
  rowName: row.row_name,
  position: row.position,
  category: row.category,
  state: row.state,
  holdId: row.hold_id,
  heldUntil: row.held_until === null ? null : toDate(row.held_until),
  holderId: row.holder_id,
});

const toHold = (row: HoldRow): HoldRecord => ({
  id: row.id,
  showtimeId: row.showtime_id,
  customerId: row.customer_id,
  seatLabels: row.seat_labels,
  status: row.status,
  createdAt: toDate(row.created_at),
  expiresAt: toDate(row.expires_at),
  extensions: row.extensions,
  endedAt: row.ended_at === null ? null : toDate(row.ended_at),
  bookingRef: row.booking_ref,
});

/** One parameter holding a text array (a plain JS array would become a list of parameters). */
const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

/** `INSERT INTO outbox ... SELECT ... FROM <source>`: the event is written only if source has a row. */
const outboxInsert = (message: BusMessage, source: SQL) => sql`
  INSERT INTO outbox (id, type, routing_key, payload, headers, occurred_at)
  SELECT ${message.id}::uuid, ${message.type}, ${message.routingKey},
    ${JSON.stringify(message.payload)}::text::jsonb, ${JSON.stringify(message.headers)}::text::jsonb,
    ${message.occurredAt}
  ${source}`;

export function createHoldPathRepository(db: Queryable) {
  return {
    /**
     * Takes the (showtime, customer) advisory lock, then reads the showtime under a shared lock, in
     * one statement. The showtime row can only be locked once the joined customer_lock row exists,
     * so the advisory lock always comes first. Nothing else may be read here: this statement's
     * snapshot predates the wait for the advisory lock (a row lock reads the latest version anyway).
     */
    async lockCustomerAndShareShowtime(
      showtimeId: string,
      customerId: string,
    ): Promise<ShowtimeSalesRecord | undefined> {
      const [row] = await queryRows<{
        id: string;
        status: ShowtimeSalesRecord['status'];
        sales_open_at: Date | string;
        sales_close_at: Date | string;
      }>(
        db,
        sql`
          WITH customer_lock AS (
            SELECT pg_advisory_xact_lock(hashtextextended(${`hold:${showtimeId}:${customerId}`}::text, 0))
          )
          SELECT s.id, s.status, s.sales_open_at, s.sales_close_at
          FROM customer_lock, showtimes AS s
          WHERE s.id = ${showtimeId}
          FOR SHARE OF s`,
      );
      return (
        row && {
          id: row.id,
          status: row.status,
          salesOpenAt: toDate(row.sales_open_at),
          salesCloseAt: toDate(row.sales_close_at),
        }
      );
    },

    /**
     * Locks every seat of the rows (row_name) the labels are in (matched without regard to case,
     * through the (showtime_id, upper(label)) index), in (row_name, position) order, and counts the
     * seats the customer holds (live at `now`) or has bought for the showtime. The count reads the
     * statement's snapshot, taken under the customer's advisory lock, before the row locks are
     * waited for: meanwhile it can only fall (a release), never rise, so it is never too low.
     * `customerSeats` is undefined when no requested label names a seat (nothing was locked).
     */
    async lockRowsAndCountCustomer(values: {
      showtimeId: string;
      customerId: string;
      labels: readonly string[];
      now: Date;
      /** Fail at once (SQLSTATE 55P03) instead of waiting when another take has a row locked. */
      noWait?: boolean;
    }): Promise<{ seats: LockedSeat[]; customerSeats: number | undefined }> {
      const upper = [...new Set(values.labels.map((label) => label.toUpperCase()))];
      if (upper.length === 0) return { seats: [], customerSeats: undefined };
      const rows = await queryRows<SeatRow & { customer_seats: number }>(
        db,
        sql`
          WITH customer_seats AS (
            SELECT count(*)::int AS n FROM seats
            WHERE showtime_id = ${values.showtimeId} AND holder_id = ${values.customerId}
              AND (state = 'sold' OR (state = 'held' AND held_until > ${values.now}))
          )
          SELECT s.label, s.row_name, s.position, s.category, s.state, s.hold_id, s.held_until,
            s.holder_id, (SELECT n FROM customer_seats) AS customer_seats
          FROM seats AS s
          WHERE s.showtime_id = ${values.showtimeId} AND s.row_name IN (
            SELECT row_name FROM seats
            WHERE showtime_id = ${values.showtimeId} AND upper(label) = ANY (${textArray(upper)}))
          ORDER BY s.row_name, s.position
          FOR UPDATE OF s ${values.noWait ? sql`NOWAIT` : sql``}`,
      );
      return { seats: rows.map(toSeat), customerSeats: rows[0]?.customer_seats };
    },

    /** Seats the customer holds (live at `now`) or has bought for the showtime. */
    async countCustomerSeats(showtimeId: string, customerId: string, now: Date): Promise<number> {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`
          SELECT count(*)::int AS n FROM seats
          WHERE showtime_id = ${showtimeId} AND holder_id = ${customerId}
            AND (state = 'sold' OR (state = 'held' AND held_until > ${now}))`,
      );
      return row?.n ?? 0;
    },

    /**
     * Takes every requested seat that is free at `now` (available, or held until no later than
     * now) and, only if that is all of them, inserts the hold and its `seat.held.v1` outbox row,
     * in one statement. Returns the labels taken: on a shortfall the caller must roll back, as the
     * seats that were free are changed by then (all or nothing, even if the locks were wrong).
     */
    async takeSeatsForHold(values: {
      showtimeId: string;
      labels: readonly string[];
      holdId: string;
      customerId: string;
      now: Date;
      expiresAt: Date;
      event: BusMessage;
    }): Promise<string[]> {
      const labels = textArray(values.labels);
      const rows = await queryRows<{ label: string }>(
        db,
        sql`
          WITH taken AS (
            UPDATE seats SET state = 'held', hold_id = ${values.holdId},
              holder_id = ${values.customerId}, held_until = ${values.expiresAt},
              change_seq = nextval('seat_change_seq')
            WHERE showtime_id = ${values.showtimeId} AND label = ANY (${labels})
              AND (state = 'available' OR (state = 'held' AND held_until <= ${values.now}))
            RETURNING label
          ), hold AS (
            INSERT INTO holds (id, showtime_id, customer_id, seat_labels, status, created_at, expires_at)
            SELECT ${values.holdId}, ${values.showtimeId}, ${values.customerId}, ${labels},
              'active', ${values.now}, ${values.expiresAt}
            WHERE (SELECT count(*) FROM taken) = cardinality(${labels})
            RETURNING id
          ), event AS (${outboxInsert(values.event, sql`FROM hold`)})
          SELECT label FROM taken`,
      );
      return rows.map((row) => row.label);
    },

    /**
     * Locks a hold's seats (in the fixed order) and then the hold row, in one statement: the hold
     * row can only be locked once the joined aggregate over all of its locked seats exists.
     * Returns the hold and the labels of its still-held seats, in seat order.
     */
    async lockForRelease(
      holdId: string,
    ): Promise<{ hold: HoldRecord; heldSeats: string[] } | undefined> {
      const [row] = await queryRows<HoldRow & { held_seats: string[] }>(
        db,
        sql`
          WITH hold_seats AS (
            SELECT label, state, row_name, position FROM seats WHERE hold_id = ${holdId}
            ORDER BY row_name, position
            FOR UPDATE
          ), held AS (
            SELECT coalesce(array_agg(label ORDER BY row_name, position)
              FILTER (WHERE state = 'held'), '{}') AS held_seats
            FROM hold_seats
          )
          SELECT h.*, held.held_seats FROM held, holds AS h
          WHERE h.id = ${holdId}
          FOR UPDATE OF h`,
      );
      return row && { hold: toHold(row), heldSeats: row.held_seats };
    },

    /**
     * Frees the hold's held seats and ends the hold, writing `event` (when given) only if the hold
     * was still active, in one statement; call under `lockForRelease`. Returns how many seats were
     * freed and whether the hold ended, for the caller to check before it commits.
     */
    async endHold(values: {
      holdId: string;
      status: 'released' | 'expired';
      endedAt: Date;
      event: BusMessage | undefined;
    }): Promise<{ freed: number; ended: boolean }> {
      const [row] = await queryRows<{ freed: number; ended: number }>(
        db,
        sql`
          WITH freed AS (
            UPDATE seats SET state = 'available', hold_id = NULL, holder_id = NULL,
              held_until = NULL, change_seq = nextval('seat_change_seq')
            WHERE hold_id = ${values.holdId} AND state = 'held'
            RETURNING label
          ), ended AS (
            UPDATE holds SET status = ${values.status}, ended_at = ${values.endedAt}
            WHERE id = ${values.holdId} AND status = 'active'
            RETURNING id
          )${values.event ? sql`, event AS (${outboxInsert(values.event, sql`FROM ended`)})` : sql``}
          SELECT (SELECT count(*) FROM freed)::int AS freed, (SELECT count(*) FROM ended)::int AS ended`,
      );
      return { freed: row?.freed ?? 0, ended: (row?.ended ?? 0) > 0 };
    },
  };
}
