// Holds, sales and the locks a hold takes around them, in PostgreSQL. Lock order everywhere:
// customer advisory lock, then the showtime (shared), then seats, then hold rows.
import type { SeatCategory } from '@marquee/contracts/layouts';
import { queryRows, type Queryable } from '@marquee/kit/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { holds, seatSales, seats, showtimes } from './schema.ts';

export type HoldRecord = typeof holds.$inferSelect;
export type HoldStatus = HoldRecord['status'];

export interface ShowtimeSalesRecord {
  id: string;
  status: 'scheduled' | 'cancelled';
  salesOpenAt: Date;
  salesCloseAt: Date;
}

export function createHoldsRepository(db: Queryable) {
  return {
    /**
     * Reads the showtime under a shared lock: any number of holds may share it, but a cancel or
     * reschedule (an UPDATE of the row) waits for them, and they for it.
     */
    async shareShowtime(showtimeId: string): Promise<ShowtimeSalesRecord | undefined> {
      const [row] = await db
        .select({
          id: showtimes.id,
          status: showtimes.status,
          salesOpenAt: showtimes.salesOpenAt,
          salesCloseAt: showtimes.salesCloseAt,
        })
        .from(showtimes)
        .where(eq(showtimes.id, showtimeId))
        .for('share');
      return row;
    },

    /**
     * The hold (read, not locked) and its showtime's status under a shared lock, in one statement:
     * the start of a confirmation, before the hold's seats are locked.
     */
    async holdSharingShowtime(
      holdId: string,
    ): Promise<{ hold: HoldRecord; showtimeStatus: ShowtimeSalesRecord['status'] } | undefined> {
      const [row] = await db
        .select({ hold: holds, showtimeStatus: showtimes.status })
        .from(holds)
        .innerJoin(showtimes, eq(showtimes.id, holds.showtimeId))
        .where(eq(holds.id, holdId))
        .for('share', { of: showtimes });
      return row;
    },

    async find(holdId: string): Promise<HoldRecord | undefined> {
      const [row] = await db.select().from(holds).where(eq(holds.id, holdId));
      return row;
    },

    /** The hold with its seats' categories by label, in one statement (no locks). */
    async findWithCategories(
      holdId: string,
    ): Promise<{ hold: HoldRecord; seatCategories: Record<string, SeatCategory> } | undefined> {
      const [row] = await db
        .select({
          hold: holds,
          // Qualified by hand: drizzle writes columns unqualified in a one-table select, and an
          // unqualified "showtime_id" in the subquery would mean the seat's own, every showtime's.
          seatCategories: sql<Record<string, SeatCategory> | null>`(
            SELECT json_object_agg(s.label, s.category) FROM ${seats} AS s
            WHERE s.showtime_id = ${holds}.showtime_id AND s.label = ANY(${holds}.seat_labels))`,
        })
        .from(holds)
        .where(eq(holds.id, holdId));
      return row && { hold: row.hold, seatCategories: row.seatCategories ?? {} };
    },

    /** Call after locking the hold's seats (lock order: seats before holds). */
    async lock(holdId: string): Promise<HoldRecord | undefined> {
      const [row] = await db.select().from(holds).where(eq(holds.id, holdId)).for('update');
      return row;
    },

    /**
     * Marks active holds among `holdIds` as expired (at their own expiry time) and returns the ones
     * it changed. Locks them in id order first, so two transactions never wait in a circle.
     */
    async markExpired(holdIds: readonly string[]): Promise<HoldRecord[]> {
      const ids = [...new Set(holdIds)].sort();
      if (ids.length === 0) return [];
      await db
        .select({ id: holds.id })
        .from(holds)
        .where(inArray(holds.id, ids))
        .orderBy(asc(holds.id))
        .for('update');
      return db
        .update(holds)
        .set({ status: 'expired', endedAt: holds.expiresAt })
        .where(and(inArray(holds.id, ids), eq(holds.status, 'active')))
        .returning();
    },

    /** Ends an active hold; undefined when it was no longer active. */
    async end(
      holdId: string,
      values: { status: 'released' | 'expired' | 'confirmed'; endedAt: Date; bookingRef?: string },
    ): Promise<HoldRecord | undefined> {
      const [row] = await db
        .update(holds)
        .set({ status: values.status, endedAt: values.endedAt, bookingRef: values.bookingRef })
        .where(and(eq(holds.id, holdId), eq(holds.status, 'active')))
        .returning();
      return row;
    },

    /**
     * Moves a live hold's expiry and its seats' in one statement, counting one more extension.
     * Undefined when the hold is not active and live at `now`, or a seat of it no longer is: the
     * caller then rolls back.
     */
    async extend(
      holdId: string,
      expiresAt: Date,
      now: Date,
    ): Promise<{ expiresAt: Date; extensions: number } | undefined> {
      const [row] = await queryRows<{ expires_at: Date | string; extensions: number }>(
        db,
        sql`
          WITH moved AS (
            UPDATE seats SET held_until = ${expiresAt}, change_seq = nextval('seat_change_seq')
            WHERE hold_id = ${holdId} AND state = 'held' AND held_until > ${now}
            RETURNING label
          )
          UPDATE holds SET expires_at = ${expiresAt}, extensions = extensions + 1
          WHERE id = ${holdId} AND status = 'active' AND expires_at > ${now}
            AND (SELECT count(*) FROM moved) = cardinality(seat_labels)
          RETURNING expires_at, extensions`,
      );
      return row && { expiresAt: new Date(row.expires_at), extensions: row.extensions };
    },

    /** One sale row per seat; the partial unique index refuses a second live sale of a seat. */
    async insertSales(values: {
      showtimeId: string;
      holdId: string;
      customerId: string;
      labels: readonly string[];
      soldAt: Date;
    }): Promise<void> {
      await db.insert(seatSales).values(
        values.labels.map((label) => ({
          showtimeId: values.showtimeId,
          label,
          holdId: values.holdId,
          customerId: values.customerId,
          soldAt: values.soldAt,
        })),
      );
    },

    /**
     * Ends the live sales of these seats made through the hold (`released_at = at`), so the
     * one-live-sale index lets the seats be sold again. Returns the labels whose sale ended.
     */
    async releaseSales(holdId: string, labels: readonly string[], at: Date): Promise<string[]> {
      if (labels.length === 0) return [];
      const released = await db
        .update(seatSales)
        .set({ releasedAt: at })
        .where(
          and(
            eq(seatSales.holdId, holdId),
            isNull(seatSales.releasedAt),
            inArray(seatSales.label, [...labels]),
          ),
        )
        .returning({ label: seatSales.label });
      return released.map((row) => row.label);
    },
  };
}

export type HoldsRepository = ReturnType<typeof createHoldsRepository>;
