// Checks the seat inventory can be asked at any time: each query reads what must always hold for
// showtimes that have not ended yet, and returns the showtimes where it does not.
import { queryRows, type Queryable } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';

export const INVARIANTS = [
  /** Live sales plus live holds exceed the showtime's seats. */
  'over_capacity',
  /** A seat with more than one live sale (the unique index should make this impossible). */
  'double_sale',
  /** A seat in state 'sold' without a live sale, or a live sale of a seat not in state 'sold'. */
  'sold_without_sale',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export interface InventoryViolation {
  showtimeId: string;
  invariant: Invariant;
  /** How many seats (or seats too many) the violation is about. */
  seats: number;
}

const ts = (instant: Date) => sql`${instant.toISOString()}::timestamptz`;

/**
 * Every violation among showtimes that end after `now` (an ended showtime's seats no longer
 * change). An empty list means the inventory is sound.
 */
export async function checkInventoryInvariants(
  db: Queryable,
  now: Date,
): Promise<InventoryViolation[]> {
  const rows = await queryRows<{ showtime_id: string; invariant: Invariant; seats: number }>(
    db,
    sql`
      WITH live AS (SELECT id FROM showtimes WHERE ends_at > ${ts(now)}),
      seat_counts AS (
        SELECT showtime_id,
               count(*) AS capacity,
               count(*) FILTER (WHERE state = 'held' AND held_until > ${ts(now)}) AS held
        FROM seats WHERE showtime_id IN (SELECT id FROM live) GROUP BY showtime_id
      ),
      live_sales AS (
        SELECT showtime_id, label, count(*) AS sales
        FROM seat_sales
        WHERE released_at IS NULL AND showtime_id IN (SELECT id FROM live)
        GROUP BY showtime_id, label
      ),
      sold_seats AS (
        SELECT showtime_id, label FROM seats
        WHERE state = 'sold' AND showtime_id IN (SELECT id FROM live)
      )
      SELECT l.id AS showtime_id, 'over_capacity' AS invariant,
             (coalesce(s.sold, 0) + coalesce(c.held, 0) - coalesce(c.capacity, 0))::int AS seats
      FROM live AS l
      LEFT JOIN seat_counts AS c ON c.showtime_id = l.id
      LEFT JOIN (SELECT showtime_id, sum(sales) AS sold FROM live_sales GROUP BY showtime_id) AS s
        ON s.showtime_id = l.id
      WHERE coalesce(s.sold, 0) + coalesce(c.held, 0) > coalesce(c.capacity, 0)
      UNION ALL
      SELECT showtime_id, 'double_sale', count(*)::int
      FROM live_sales WHERE sales > 1 GROUP BY showtime_id
      UNION ALL
      SELECT showtime_id, 'sold_without_sale', count(*)::int
      FROM sold_seats FULL JOIN live_sales USING (showtime_id, label)
      WHERE sold_seats.label IS NULL OR live_sales.label IS NULL
      GROUP BY showtime_id`,
  );
  return rows.map((row) => ({
    showtimeId: row.showtime_id,
    invariant: row.invariant,
    seats: Number(row.seats),
  }));
}

export type SeatStateCounts = Record<'available' | 'held' | 'sold' | 'blocked', number>;

/** Seats of scheduled showtimes that have not ended, by state at `now` (run-out holds are available). */
export async function countSeatsByState(db: Queryable, now: Date): Promise<SeatStateCounts> {
  const [row] = await queryRows<SeatStateCounts>(
    db,
    sql`
      SELECT
        (count(*) FILTER (WHERE s.state = 'available' OR (s.state = 'held' AND s.held_until <= ${ts(now)})))::int AS available,
        (count(*) FILTER (WHERE s.state = 'held' AND s.held_until > ${ts(now)}))::int AS held,
        (count(*) FILTER (WHERE s.state = 'sold'))::int AS sold,
        (count(*) FILTER (WHERE s.state = 'blocked'))::int AS blocked
      FROM seats AS s JOIN showtimes AS t ON t.id = s.showtime_id
      WHERE t.status = 'scheduled' AND t.ends_at > ${ts(now)}`,
  );
  return row ?? { available: 0, held: 0, sold: 0, blocked: 0 };
}
