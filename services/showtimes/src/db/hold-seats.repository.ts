// Seat rows as holds change them. Every statement here that changes a seat takes a new change_seq,
// and every one that waits for seat locks takes them in (row_name, position) order, so two
// transactions never wait on each other's seats in a circle.
import { queryRows, type Queryable } from '@marquee/kit/db';
import { and, asc, eq, gt, inArray, lte, notInArray, or, sql } from 'drizzle-orm';
import { seats } from './schema.ts';

export type SeatRecord = typeof seats.$inferSelect;

const nextChangeSeq = sql`nextval('seat_change_seq')`;

/** A seat some hold no longer has: taken over, released or swept. */
export interface FreedSeat {
  showtimeId: string;
  label: string;
  holdId: string;
  holderId: string;
}

export function createHoldSeatsRepository(db: Queryable) {
  return {
    /**
     * Locks every seat of the rows (row_name) the labels are in (matched without regard to case),
     * in a fixed order, and returns them: the stranded-seat rule then judges a picture of those
     * rows that nobody can change until we commit, while other rows stay free for others.
     */
    lockRowsOf(showtimeId: string, labels: readonly string[]): Promise<SeatRecord[]> {
      const upper = [...new Set(labels.map((label) => label.toUpperCase()))];
      if (upper.length === 0) return Promise.resolve([]);
      const wantedRows = db
        .selectDistinct({ rowName: seats.rowName })
        .from(seats)
        .where(and(eq(seats.showtimeId, showtimeId), inArray(sql`upper(${seats.label})`, upper)));
      return db
        .select()
        .from(seats)
        .where(and(eq(seats.showtimeId, showtimeId), inArray(seats.rowName, wantedRows)))
        .orderBy(asc(seats.rowName), asc(seats.position))
        .for('update');
    },

    /** The showtime's other seats, read without locks (whole-showtime rules only). */
    seatsOutsideRows(showtimeId: string, rowNames: readonly string[]): Promise<SeatRecord[]> {
      return db
        .select()
        .from(seats)
        .where(
          and(
            eq(seats.showtimeId, showtimeId),
            rowNames.length > 0 ? notInArray(seats.rowName, [...rowNames]) : undefined,
          ),
        )
        .orderBy(asc(seats.rowName), asc(seats.position));
    },

    /** Seats the customer holds (live) or has bought for the showtime. */
    async countCustomerSeats(showtimeId: string, customerId: string, now: Date): Promise<number> {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(seats)
        .where(
          and(
            eq(seats.showtimeId, showtimeId),
            eq(seats.holderId, customerId),
            or(eq(seats.state, 'sold'), and(eq(seats.state, 'held'), gt(seats.heldUntil, now))),
          ),
        );
      return row?.count ?? 0;
    },

    /**
     * Takes every seat that is free at `now` (available, or held until no later than now) and
     * returns the labels it took. The caller compares the count and rolls back on a shortfall:
     * all or nothing, even if the locks above were somehow wrong.
     */
    async takeSeats(values: {
      showtimeId: string;
      labels: readonly string[];
      holdId: string;
      customerId: string;
      heldUntil: Date;
      now: Date;
    }): Promise<string[]> {
      const taken = await db
        .update(seats)
        .set({
          state: 'held',
          holdId: values.holdId,
          holderId: values.customerId,
          heldUntil: values.heldUntil,
          changeSeq: nextChangeSeq,
        })
        .where(
          and(
            eq(seats.showtimeId, values.showtimeId),
            inArray(seats.label, [...values.labels]),
            or(
              eq(seats.state, 'available'),
              and(eq(seats.state, 'held'), lte(seats.heldUntil, values.now)),
            ),
          ),
        )
        .returning({ label: seats.label });
      return taken.map((row) => row.label);
    },

    /** Locks the seats a hold has (held or sold through it), in the fixed order. */
    lockHoldSeats(holdId: string): Promise<SeatRecord[]> {
      return db
        .select()
        .from(seats)
        .where(eq(seats.holdId, holdId))
        .orderBy(asc(seats.rowName), asc(seats.position))
        .for('update');
    },

    /** Makes the hold's still-held seats available again; returns their labels. */
    async freeHoldSeats(holdId: string): Promise<string[]> {
      const freed = await db
        .update(seats)
        .set({
          state: 'available',
          holdId: null,
          holderId: null,
          heldUntil: null,
          changeSeq: nextChangeSeq,
        })
        .where(and(eq(seats.holdId, holdId), eq(seats.state, 'held')))
        .returning({ label: seats.label });
      return freed.map((row) => row.label);
    },

    /** Sells the hold's seats that are still held at `now`; the expiry check is in this statement. */
    async sellHoldSeats(holdId: string, now: Date): Promise<string[]> {
      const sold = await db
        .update(seats)
        .set({ state: 'sold', heldUntil: null, changeSeq: nextChangeSeq })
        .where(and(eq(seats.holdId, holdId), eq(seats.state, 'held'), gt(seats.heldUntil, now)))
        .returning({ label: seats.label });
      return sold.map((row) => row.label);
    },

    /**
     * Frees up to `limit` seats whose hold ran out, skipping seats another transaction has locked
     * (a replica sweeping the same batch, or a request taking them over): several sweepers never
     * wait for each other nor free a seat twice.
     */
    async sweepExpiredSeats(now: Date, limit: number): Promise<FreedSeat[]> {
      const rows = await queryRows<{
        showtime_id: string;
        label: string;
        hold_id: string;
        holder_id: string;
      }>(
        db,
        sql`
          WITH expired AS (
            SELECT showtime_id, label, hold_id, holder_id FROM seats
            WHERE state = 'held' AND held_until <= ${now}
            ORDER BY held_until
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          )
          UPDATE seats AS s
          SET state = 'available', hold_id = NULL, holder_id = NULL, held_until = NULL,
              change_seq = nextval('seat_change_seq')
          FROM expired AS e
          WHERE s.showtime_id = e.showtime_id AND s.label = e.label
          RETURNING e.showtime_id, e.label, e.hold_id, e.holder_id`,
      );
      return rows.map((row) => ({
        showtimeId: row.showtime_id,
        label: row.label,
        holdId: row.hold_id,
        holderId: row.holder_id,
      }));
    },
  };
}

export type HoldSeatsRepository = ReturnType<typeof createHoldSeatsRepository>;
