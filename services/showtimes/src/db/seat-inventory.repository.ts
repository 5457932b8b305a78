// A showtime's seat rows as the schedule sees them: provisioned from a layout in set-based
// statements, counted, read for the seat map. Every statement that changes a seat takes a new
// change_seq (inserts through the column default), so the seat-map version moves with it.
import type { SeatCategory } from '@marquee/contracts/layouts';
import type { PriceTable } from '@marquee/contracts/prices';
import { queryRows, type Queryable } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';

/** One seat to provision, from `listLayoutSeats`. */
export interface SeatToProvision {
  label: string;
  row: string;
  position: number;
  category: SeatCategory;
}

/** Seat counts at one instant; a hold whose time has passed counts as available. */
export interface SeatCounts {
  total: number;
  available: number;
  held: number;
  sold: number;
  blocked: number;
}

export interface SeatMapRow {
  label: string;
  row: string;
  position: number;
  category: SeatCategory;
  state: 'available' | 'held' | 'sold' | 'blocked';
  heldUntil: Date | null;
  changeSeq: number;
}

/** A hold a cancellation ended, with the seats it still had. */
export interface EndedHold {
  holdId: string;
  customerId: string;
  /** Its time had run out before the cancellation (the sweeper had not got to it yet). */
  expired: boolean;
  seats: string[];
}

const ts = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;
const asSeatJson = (seats: readonly SeatToProvision[]) =>
  JSON.stringify(seats.map((s) => ({ l: s.label, r: s.row, p: s.position, c: s.category })));

const COUNT_COLUMNS = (now: Date) => sql`
  count(*)::int AS total,
  (count(*) FILTER (WHERE state = 'available' OR (state = 'held' AND held_until <= ${ts(now)})))::int AS available,
  (count(*) FILTER (WHERE state = 'held' AND held_until > ${ts(now)}))::int AS held,
  (count(*) FILTER (WHERE state = 'sold'))::int AS sold,
  (count(*) FILTER (WHERE state = 'blocked'))::int AS blocked`;

export const EMPTY_COUNTS: SeatCounts = { total: 0, available: 0, held: 0, sold: 0, blocked: 0 };

export function createSeatInventoryRepository(db: Queryable) {
  return {
    /**
     * One available seat per layout seat for each showtime, in one statement whatever the
     * number of showtimes: the demo schedule provisions a screen's fortnight at once.
     */
    async provision(showtimeIds: readonly string[], seats: readonly SeatToProvision[]) {
      if (showtimeIds.length === 0 || seats.length === 0) return;
      await db.execute(sql`
        INSERT INTO seats (showtime_id, label, row_name, position, category)
        SELECT s.id::uuid, l.l, l.r, l.p, l.c
        FROM jsonb_array_elements_text(${JSON.stringify(showtimeIds)}::jsonb) AS s(id)
        CROSS JOIN jsonb_to_recordset(${asSeatJson(seats)}::jsonb) AS l(l text, r text, p smallint, c text)`);
    },

    /** Removes every seat of the showtime (before provisioning another layout). */
    async removeAll(showtimeId: string): Promise<void> {
      await db.execute(sql`DELETE FROM seats WHERE showtime_id = ${showtimeId}`);
    },

    /** Seats held (live at `now`) or sold: a showtime with any cannot move to other seats. */
    async countTaken(showtimeId: string, now: Date): Promise<number> {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM seats WHERE showtime_id = ${showtimeId}
            AND (state = 'sold' OR (state = 'held' AND held_until > ${ts(now)}))`,
      );
      return row?.n ?? 0;
    },

    async counts(showtimeIds: readonly string[], now: Date): Promise<Map<string, SeatCounts>> {
      const result = new Map<string, SeatCounts>();
      if (showtimeIds.length === 0) return result;
      const rows = await queryRows<SeatCounts & { showtime_id: string }>(
        db,
        sql`SELECT showtime_id, ${COUNT_COLUMNS(now)} FROM seats
            WHERE showtime_id IN (${sql.join(
              showtimeIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})
            GROUP BY showtime_id`,
      );
      for (const { showtime_id, ...counts } of rows) result.set(showtime_id, counts);
      return result;
    },

    /**
     * The seat-map version at `now`: max(change_seq) * 10000 + the number of held seats whose time
     * has passed. Any change to a seat raises the first term, a hold running out the second; a
     * sweep lowers the second by at most the seats it frees while raising the first by at least
     * 10000, so the version only grows. Undefined for a showtime without seats.
     */
    async version(showtimeId: string, now: Date): Promise<number | undefined> {
      const [row] = await queryRows<{ seq: string | number | null; expired: number }>(
        db,
        // Both terms from indexes: the newest change_seq of (showtime_id, change_seq), and the
        // held seats whose time has passed, without reading the showtime's other seats.
        sql`SELECT (SELECT change_seq FROM seats WHERE showtime_id = ${showtimeId}
                    ORDER BY change_seq DESC LIMIT 1) AS seq,
              (SELECT count(*) FROM seats WHERE showtime_id = ${showtimeId}
                 AND state = 'held' AND held_until <= ${ts(now)})::int AS expired`,
      );
      if (!row || row.seq === null) return undefined;
      return Number(row.seq) * 10_000 + row.expired;
    },

    /**
     * The showtime's price table and every seat in one statement, so one snapshot (no transaction
     * needed); undefined when there is no such showtime. The price table comes as a first row
     * without a label: cheaper for PostgreSQL than building the seats as JSON, and one round trip
     * instead of a read-only transaction of two statements.
     */
    async seatMapSource(
      showtimeId: string,
    ): Promise<{ priceTable: PriceTable; rows: SeatMapRow[] } | undefined> {
      const rows = await queryRows<{
        label: string | null;
        row_name: string;
        position: number;
        category: SeatCategory;
        state: SeatMapRow['state'];
        held_until: string | Date | null;
        change_seq: string | number;
        price_table: PriceTable | null;
      }>(
        db,
        sql`SELECT NULL::text AS label, NULL::text AS row_name, NULL::int AS position,
                   NULL::text AS category, NULL::text AS state, NULL::timestamptz AS held_until,
                   NULL::bigint AS change_seq, price_table
              FROM showtimes WHERE id = ${showtimeId}
            UNION ALL
            SELECT label, row_name, position, category, state, held_until, change_seq, NULL
              FROM seats WHERE showtime_id = ${showtimeId}`,
      );
      const priceTable = rows.find((r) => r.label === null)?.price_table;
      if (!priceTable) return undefined;
      return {
        priceTable,
        rows: rows
          .filter((r) => r.label !== null)
          .map((r) => ({
            label: r.label!,
            row: r.row_name,
            position: Number(r.position),
            category: r.category,
            state: r.state,
            heldUntil: r.held_until === null ? null : new Date(r.held_until),
            changeSeq: Number(r.change_seq),
          })),
      };
    },

    /**
     * Moves the version of a showtime whose seat map changed without a seat changing (a new price
     * table): touching the seat with the highest change_seq raises the maximum.
     */
    async touch(showtimeId: string): Promise<void> {
      await db.execute(sql`
        UPDATE seats SET change_seq = nextval('seat_change_seq')
        WHERE showtime_id = ${showtimeId}
          AND label = (SELECT label FROM seats WHERE showtime_id = ${showtimeId}
                       ORDER BY change_seq DESC LIMIT 1)`);
    },

    /**
     * For a cancellation: ends the showtime's active holds and frees the seats they still hold,
     * so no hold of a cancelled showtime can be confirmed. Seats are locked before hold rows, the
     * order every hold operation takes them in. A hold whose time had already run out ends as
     * 'expired' (as the sweeper would have ended it). Sold seats stay sold: refunds are the booking
     * service's business, on showtime.cancelled.v1.
     */
    async endHoldsOfCancelled(showtimeId: string, now: Date): Promise<EndedHold[]> {
      await db.execute(sql`
        SELECT label FROM seats WHERE showtime_id = ${showtimeId} AND state = 'held'
        ORDER BY row_name, position FOR UPDATE`);
      const ended = await queryRows<{ id: string; customer_id: string; expired: boolean }>(
        db,
        sql`UPDATE holds
            SET status = CASE WHEN expires_at <= ${ts(now)} THEN 'expired' ELSE 'released' END,
                ended_at = least(expires_at, ${ts(now)})
            WHERE showtime_id = ${showtimeId} AND status = 'active'
            RETURNING id, customer_id, expires_at <= ${ts(now)} AS expired`,
      );
      const freed = await queryRows<{ label: string; hold_id: string }>(
        db,
        sql`UPDATE seats AS s
            SET state = 'available', hold_id = NULL, holder_id = NULL, held_until = NULL,
                change_seq = nextval('seat_change_seq')
            FROM (SELECT label, hold_id FROM seats
                  WHERE showtime_id = ${showtimeId} AND state = 'held') AS t
            WHERE s.showtime_id = ${showtimeId} AND s.label = t.label
            RETURNING t.label, t.hold_id`,
      );
      return ended
        .map((hold) => ({
          holdId: hold.id,
          customerId: hold.customer_id,
          expired: hold.expired,
          seats: freed.filter((seat) => seat.hold_id === hold.id).map((seat) => seat.label),
        }))
        .filter((hold) => hold.seats.length > 0);
    },
  };
}

export type SeatInventoryRepository = ReturnType<typeof createSeatInventoryRepository>;
