// Movies in PostgreSQL: writes, soft delete and ranked full-text search.
import type { Queryable } from '@marquee/kit/db';
import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  isNull,
  lte,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Genre } from '../domain/movie-rules.ts';
import { movies } from './schema.ts';

// Everything but the tsvector, which is for searching, not for showing.
const { search: _search, ...movieColumns } = getTableColumns(movies);

export type MovieRecord = Omit<typeof movies.$inferSelect, 'search'>;
export type NewMovieRecord = Omit<
  typeof movies.$inferInsert,
  'id' | 'search' | 'createdAt' | 'updatedAt' | 'deletedAt'
>;
export type MovieRecordPatch = Partial<NewMovieRecord>;

export interface MovieSearchCriteria {
  /** Free text in web-search syntax ("quoted phrase", -excluded, or). */
  text?: string;
  genre?: Genre;
  /** YYYY-MM-DD: only movies released on or before this day. */
  releasedOnOrBefore?: string;
  limit: number;
  offset: number;
}

export function createMoviesRepository(db: Queryable) {
  return {
    async insert(values: NewMovieRecord): Promise<MovieRecord> {
      const [row] = await db.insert(movies).values(values).returning(movieColumns);
      return row as MovieRecord;
    },

    async findById(id: string): Promise<MovieRecord | undefined> {
      const [row] = await db.select(movieColumns).from(movies).where(eq(movies.id, id));
      return row;
    },

    /** Changes a movie that is not deleted; undefined when there is none. */
    async update(id: string, patch: MovieRecordPatch): Promise<MovieRecord | undefined> {
      const [row] = await db
        .update(movies)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(and(eq(movies.id, id), isNull(movies.deletedAt)))
        .returning(movieColumns);
      return row;
    },

    /** Marks the movie deleted (keeping the first deletion time); false when there is no such movie. */
    async softDelete(id: string): Promise<boolean> {
      const rows = await db
        .update(movies)
        .set({ deletedAt: sql`coalesce(${movies.deletedAt}, now())`, updatedAt: sql`now()` })
        .where(eq(movies.id, id))
        .returning({ id: movies.id });
      return rows.length > 0;
    },

    async search(criteria: MovieSearchCriteria): Promise<{ rows: MovieRecord[]; total: number }> {
      // websearch_to_tsquery accepts any text (quotes, semicolons, operators) without raising, and
      // the text travels as a bind parameter: user input is never part of the SQL.
      const query = criteria.text
        ? sql`websearch_to_tsquery('english', ${criteria.text})`
        : undefined;
      const conditions: SQL[] = [isNull(movies.deletedAt)];
      if (query) conditions.push(sql`${movies.search} @@ ${query}`);
      if (criteria.genre) conditions.push(arrayContains(movies.genres, [criteria.genre]));
      if (criteria.releasedOnOrBefore)
        conditions.push(lte(movies.releaseDate, criteria.releasedOnOrBefore));
      const where = and(...conditions);

      const order = [desc(movies.releaseDate), asc(movies.title), asc(movies.id)];
      if (query) order.unshift(desc(sql`ts_rank(${movies.search}, ${query})`));

      const rows = await db
        .select(movieColumns)
        .from(movies)
        .where(where)
        .orderBy(...order)
        .limit(criteria.limit)
        .offset(criteria.offset);
      const [counted] = await db.select({ total: count() }).from(movies).where(where);
      return { rows, total: counted?.total ?? 0 };
    },

    async countAll(): Promise<number> {
      const [counted] = await db.select({ total: count() }).from(movies);
      return counted?.total ?? 0;
    },
  };
}

export type MoviesRepository = ReturnType<typeof createMoviesRepository>;
