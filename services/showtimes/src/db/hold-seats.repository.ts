// Seat rows as holds change them. Every statement here that changes a seat takes a new change_seq,
// and every one that waits for seat locks takes them in (row_name, position) order, so two
// transactions never wait on each other's seats in a circle.
import { queryRows, type Queryable } from '@marquee/kit/db';
import { and, asc, eq, gt, inArray, notInArray, sql } from 'drizzle-orm';
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

    /** Locks the seats a hold has (held or sold through it), in the fixed order. */
    lockHoldSeats(holdId: string): Promise<SeatRecord[]> {
      return db
        .select()
        .from(seats)
        .where(eq(seats.holdId, holdId))
        .orderBy(asc(seats.rowName), asc(seats.position))
        .for('update');
    },

    /**
     * Locks the hold's seats in the fixed order and sells those still held at `now`, in one
     * statement: the expiry check is in it, and the locks are taken before any seat changes.
     */
    async lockAndSellHoldSeats(holdId: string, now: Date): Promise<string[]> {
      const locked = db
        .$with('locked')
        .as(
          db
            .select({ showtimeId: seats.showtimeId, label: seats.label })
            .from(seats)
            .where(eq(seats.holdId, holdId))
            .orderBy(asc(seats.rowName), asc(seats.position))
            .for('update'),
        );
      const sold = await db
        .with(locked)
        .update(seats)
        .set({ state: 'sold', heldUntil: null, changeSeq: nextChangeSeq })
        .from(locked)
        .where(
          and(
            eq(seats.showtimeId, locked.showtimeId),
            eq(seats.label, locked.label),
            eq(seats.holdId, holdId),
            eq(seats.state, 'held'),
            gt(seats.heldUntil, now),
          ),
        )
        .returning({ label: seats.label });
      return sold.map((row) => row.label);
    },

    /**
     * Puts seats sold through the hold back on sale (a cancelled or refunded booking). Only seats
     * still sold under this hold change: one returned already, or sold again since through another
     * hold, is left alone. Call after `lockHoldSeats`.
     */
    async returnSoldSeats(holdId: string, labels: readonly string[]): Promise<string[]> {
      if (labels.length === 0) return [];
      const returned = await db
        .update(seats)
        .set({
          state: 'available',
          holdId: null,
          holderId: null,
          heldUntil: null,
          changeSeq: nextChangeSeq,
        })
        .where(
          and(eq(seats.holdId, holdId), eq(seats.state, 'sold'), inArray(seats.label, [...labels])),
        )
        .returning({ label: seats.label });
      return returned.map((row) => row.label);
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
