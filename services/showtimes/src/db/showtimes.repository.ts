// Showtime rows in PostgreSQL: the schedule itself (seats are in seat-inventory.repository.ts).
import { queryRows, type Queryable } from '@marquee/kit/db';
import { and, asc, count, eq, gte, ne, sql, type SQL } from 'drizzle-orm';
import { showtimes } from './schema.ts';

export type ShowtimeRecord = typeof showtimes.$inferSelect;
export type NewShowtimeRecord = Omit<
  typeof showtimes.$inferInsert,
  'status' | 'cancelledAt' | 'createdAt' | 'updatedAt'
> & { createdAt: Date; updatedAt: Date };

/** The fields a reschedule or an upsert may change. */
export type ShowtimeChange = Partial<
  Pick<
    ShowtimeRecord,
    | 'movieId'
    | 'theaterId'
    | 'screenId'
    | 'layoutVersion'
    | 'timeZone'
    | 'movieTitle'
    | 'runtimeMinutes'
    | 'startsAt'
    | 'endsAt'
    | 'priceTable'
    | 'salesOpenAt'
    | 'salesCloseAt'
  >
>;

export interface ShowtimeListCriteria {
  movieId?: string;
  theaterId?: string;
  /** A local date (YYYY-MM-DD) in each showtime's own time zone. */
  date?: string;
  /** Without a date: showtimes starting at or after this instant. */
  from?: Date;
  status: 'scheduled' | 'cancelled' | 'all';
  limit: number;
  offset: number;
}

/** UTC offsets run from -12 h to +14 h: a local date lies within this margin of the UTC date. */
const DAY_MARGIN = sql`interval '14 hours'`;

function listWhere(criteria: ShowtimeListCriteria): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    criteria.movieId ? eq(showtimes.movieId, criteria.movieId) : undefined,
    criteria.theaterId ? eq(showtimes.theaterId, criteria.theaterId) : undefined,
    criteria.status === 'all' ? undefined : eq(showtimes.status, criteria.status),
  ];
  if (criteria.date) {
    // The range bound lets the (movie|theater, starts_at) indexes narrow the scan; the local date
    // in the showtime's own zone decides.
    const day = sql`${criteria.date}::date`;
    conditions.push(
      sql`${showtimes.startsAt} >= (${day}::timestamp AT TIME ZONE 'UTC') - ${DAY_MARGIN}`,
      sql`${showtimes.startsAt} < (${day}::timestamp AT TIME ZONE 'UTC') + interval '1 day' + ${DAY_MARGIN}`,
      sql`(${showtimes.startsAt} AT TIME ZONE ${showtimes.timeZone})::date = ${day}`,
    );
  } else if (criteria.from) {
    conditions.push(gte(showtimes.startsAt, criteria.from));
  }
  return and(...conditions);
}

export function createShowtimesRepository(db: Queryable) {
  return {
    async insert(values: NewShowtimeRecord): Promise<ShowtimeRecord> {
      const [row] = await db.insert(showtimes).values(values).returning();
      return row as ShowtimeRecord;
    },

    /** Many at once (demo schedule); nothing returned. */
    async insertMany(values: NewShowtimeRecord[]): Promise<void> {
      if (values.length > 0) await db.insert(showtimes).values(values);
    },

    async findById(id: string): Promise<ShowtimeRecord | undefined> {
      const [row] = await db.select().from(showtimes).where(eq(showtimes.id, id));
      return row;
    },

    /** Locks the row until the transaction ends: changes to one showtime queue behind each other. */
    async lockById(id: string): Promise<ShowtimeRecord | undefined> {
      const [row] = await db.select().from(showtimes).where(eq(showtimes.id, id)).for('update');
      return row;
    },

    async update(id: string, change: ShowtimeChange, now: Date): Promise<ShowtimeRecord> {
      const [row] = await db
        .update(showtimes)
        .set({ ...change, updatedAt: now })
        .where(eq(showtimes.id, id))
        .returning();
      return row as ShowtimeRecord;
    },

    async markCancelled(id: string, now: Date): Promise<ShowtimeRecord> {
      const [row] = await db
        .update(showtimes)
        .set({ status: 'cancelled', cancelledAt: now, updatedAt: now })
        .where(eq(showtimes.id, id))
        .returning();
      return row as ShowtimeRecord;
    },

    /** A scheduled showtime on the screen whose time overlaps [startsAt, endsAt), other than `exceptId`. */
    async findOverlapping(values: {
      screenId: string;
      startsAt: Date;
      endsAt: Date;
      exceptId: string;
    }): Promise<Pick<ShowtimeRecord, 'id' | 'startsAt' | 'endsAt' | 'movieTitle'> | undefined> {
      const [row] = await db
        .select({
          id: showtimes.id,
          startsAt: showtimes.startsAt,
          endsAt: showtimes.endsAt,
          movieTitle: showtimes.movieTitle,
        })
        .from(showtimes)
        .where(
          and(
            eq(showtimes.screenId, values.screenId),
            eq(showtimes.status, 'scheduled'),
            ne(showtimes.id, values.exceptId),
            sql`tstzrange(${showtimes.startsAt}, ${showtimes.endsAt}) && tstzrange(${values.startsAt.toISOString()}::timestamptz, ${values.endsAt.toISOString()}::timestamptz)`,
          ),
        )
        .orderBy(asc(showtimes.startsAt))
        .limit(1);
      return row;
    },

    async list(criteria: ShowtimeListCriteria): Promise<{ rows: ShowtimeRecord[]; total: number }> {
      const where = listWhere(criteria);
      const rows = await db
        .select()
        .from(showtimes)
        .where(where)
        .orderBy(asc(showtimes.startsAt), asc(showtimes.id))
        .limit(criteria.limit)
        .offset(criteria.offset);
      const [counted] = await db.select({ total: count() }).from(showtimes).where(where);
      return { rows, total: counted?.total ?? 0 };
    },

    async countAll(): Promise<number> {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT count(*)::int AS n FROM ${showtimes}`,
      );
      return row?.n ?? 0;
    },
  };
}

export type ShowtimesRepository = ReturnType<typeof createShowtimesRepository>;
