// Theaters in PostgreSQL.
import type { Queryable } from '@marquee/kit/db';
import { asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { theaters } from './schema.ts';

export type TheaterRecord = typeof theaters.$inferSelect;
export type NewTheaterRecord = Pick<TheaterRecord, 'name' | 'address' | 'city' | 'timezone'>;

export interface TheaterListCriteria {
  /** Matched without regard to case. */
  city?: string;
  limit: number;
  offset: number;
}

export function createTheatersRepository(db: Queryable) {
  return {
    async insert(values: NewTheaterRecord): Promise<TheaterRecord> {
      const [row] = await db.insert(theaters).values(values).returning();
      return row as TheaterRecord;
    },

    async findById(id: string): Promise<TheaterRecord | undefined> {
      const [row] = await db.select().from(theaters).where(eq(theaters.id, id));
      return row;
    },

    async update(id: string, patch: Partial<NewTheaterRecord>): Promise<TheaterRecord | undefined> {
      const [row] = await db
        .update(theaters)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(theaters.id, id))
        .returning();
      return row;
    },

    async list(criteria: TheaterListCriteria): Promise<{ rows: TheaterRecord[]; total: number }> {
      const where: SQL | undefined = criteria.city
        ? sql`lower(${theaters.city}) = lower(${criteria.city})`
        : undefined;
      const rows = await db
        .select()
        .from(theaters)
        .where(where)
        .orderBy(asc(theaters.city), asc(theaters.name), asc(theaters.id))
        .limit(criteria.limit)
        .offset(criteria.offset);
      const [counted] = await db.select({ total: count() }).from(theaters).where(where);
      return { rows, total: counted?.total ?? 0 };
    },

    async countAll(): Promise<number> {
      const [counted] = await db.select({ total: count() }).from(theaters);
      return counted?.total ?? 0;
    },
  };
}

export type TheatersRepository = ReturnType<typeof createTheatersRepository>;
