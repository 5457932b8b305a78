// Reading and moving bookings. Every move is a conditional UPDATE on the expected state, so two
// processes (a request and the recovery worker) can never both take the same step.
import type { Queryable } from '@marquee/kit/db';
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { BookingStatus, PayStep } from '../domain/booking-states.ts';
import { bookingItems, bookings } from './schema.ts';

export type BookingRow = typeof bookings.$inferSelect;
export type BookingItemRow = typeof bookingItems.$inferSelect;
export type NewBookingRow = typeof bookings.$inferInsert;
export type NewBookingItemRow = typeof bookingItems.$inferInsert;

export function createBookingsRepository(db: Queryable) {
  return {
    async insert(booking: NewBookingRow, items: NewBookingItemRow[]): Promise<void> {
      await db.insert(bookings).values(booking);
      await db.insert(bookingItems).values(items);
    },

    async find(id: string): Promise<BookingRow | undefined> {
      const [row] = await db.select().from(bookings).where(eq(bookings.id, id));
      return row;
    },

    async findByHold(holdId: string): Promise<BookingRow | undefined> {
      const [row] = await db.select().from(bookings).where(eq(bookings.holdId, holdId));
      return row;
    },

    /** The row locked for the rest of the transaction. */
    async lock(id: string): Promise<BookingRow | undefined> {
      const [row] = await db.select().from(bookings).where(eq(bookings.id, id)).for('update');
      return row;
    },

    async items(bookingId: string): Promise<BookingItemRow[]> {
      return db
        .select()
        .from(bookingItems)
        .where(eq(bookingItems.bookingId, bookingId))
        .orderBy(bookingItems.seat);
    },

    async itemsOf(bookingIds: string[]): Promise<BookingItemRow[]> {
      if (bookingIds.length === 0) return [];
      return db.select().from(bookingItems).where(inArray(bookingItems.bookingId, bookingIds));
    },

    /**
     * Moves the booking only if it is still where the caller saw it (status and step); returns
     * the new row, or undefined when someone else moved it first.
     */
    async move(
      id: string,
      from: { status: BookingStatus; payStep?: PayStep | null },
      to: Partial<NewBookingRow> & { updatedAt: Date },
    ): Promise<BookingRow | undefined> {
      const stepMatches =
        from.payStep === undefined
          ? undefined
          : from.payStep === null
            ? isNull(bookings.payStep)
            : eq(bookings.payStep, from.payStep);
      const [row] = await db
        .update(bookings)
        .set(to)
        .where(and(eq(bookings.id, id), eq(bookings.status, from.status), stepMatches))
        .returning();
      return row;
    },

    async cancelItems(bookingId: string, seats: string[], now: Date, refunds: Map<string, number>) {
      for (const seat of seats) {
        await db
          .update(bookingItems)
          .set({ cancelledAt: now, refundedAmount: refunds.get(seat) ?? 0 })
          .where(
            and(
              eq(bookingItems.bookingId, bookingId),
              eq(bookingItems.seat, seat),
              isNull(bookingItems.cancelledAt),
            ),
          );
      }
    },

    async list(filter: {
      customerId?: string;
      showtimeId?: string;
      status?: BookingStatus;
      limit: number;
      offset: number;
    }): Promise<{ rows: BookingRow[]; total: number }> {
      const where = and(
        filter.customerId ? eq(bookings.customerId, filter.customerId) : undefined,
        filter.showtimeId ? eq(bookings.showtimeId, filter.showtimeId) : undefined,
        filter.status ? eq(bookings.status, filter.status) : undefined,
      );
      const rows = await db
        .select()
        .from(bookings)
        .where(where)
        .orderBy(desc(bookings.createdAt), desc(bookings.id))
        .limit(filter.limit)
        .offset(filter.offset);
      const [count] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(bookings)
        .where(where);
      return { rows, total: count?.n ?? 0 };
    },

    /** Bookings awaiting payment whose hold time has passed. */
    async expiredAwaitingPayment(now: Date, limit: number): Promise<BookingRow[]> {
      return db
        .select()
        .from(bookings)
        .where(and(eq(bookings.status, 'awaiting_payment'), lt(bookings.expiresAt, now)))
        .limit(limit);
    },

    /** Bookings left in `paying` by a request that has not touched them since `before`. */
    async stalledPayments(before: Date, limit: number): Promise<BookingRow[]> {
      return (
        db
          .select()
          .from(bookings)
          .where(and(eq(bookings.status, 'paying'), lt(bookings.updatedAt, before)))
          // Oldest first, and every attempt touches updated_at: a booking that keeps failing goes
          // to the back instead of starving the rest.
          .orderBy(bookings.updatedAt)
          .limit(limit)
      );
    },

    async ofShowtime(showtimeId: string): Promise<BookingRow[]> {
      return db.select().from(bookings).where(eq(bookings.showtimeId, showtimeId));
    },
  };
}

export type BookingsRepository = ReturnType<typeof createBookingsRepository>;
