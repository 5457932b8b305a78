// The catalog database: movies, theaters, screens and their immutable layout versions.
import type { SeatLayout } from '@marquee/contracts/layouts';
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { GENRES, RATINGS, type Genre, type Rating } from '../domain/movie-rules.ts';

export { outbox, processedEvents } from '@marquee/kit/tables';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const movies = pgTable(
  'movies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    synopsis: text('synopsis').notNull(),
    runtimeMinutes: integer('runtime_minutes').notNull(),
    rating: text('rating').$type<Rating>().notNull(),
    genres: text('genres')
      .array()
      .$type<Genre[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    castMembers: text('cast_members')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    releaseDate: date('release_date', { mode: 'string' }).notNull(),
    posterUrl: text('poster_url'),
    trailerUrl: text('trailer_url'),
    /**
     * Ranked full-text search: title weighs most, then cast, then synopsis. Cast is text[], and
     * array_to_string is only STABLE, so the IMMUTABLE wrapper from migration 0000 joins it.
     */
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', catalog_join_text(cast_members)), 'B') || setweight(to_tsvector('english', coalesce(synopsis, '')), 'C')`,
    ),
    ...timestamps,
    /** Soft delete: showtimes and bookings that name this movie must still be able to show it. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('movies_search_idx').using('gin', t.search),
    index('movies_genres_idx').using('gin', t.genres),
    index('movies_release_date_idx')
      .on(t.releaseDate)
      .where(sql`deleted_at is null`),
    check('movies_rating_check', sql`${t.rating} in (${sqlList(RATINGS)})`),
    check('movies_genres_check', sql`${t.genres} <@ array[${sqlList(GENRES)}]::text[]`),
    check('movies_runtime_check', sql`${t.runtimeMinutes} between 1 and 600`),
  ],
);

export const theaters = pgTable(
  'theaters',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    city: text('city').notNull(),
    /** IANA name; showtimes are shown in the theater's local time. */
    timezone: text('timezone').notNull(),
    ...timestamps,
  },
  (t) => [index('theaters_city_idx').on(sql`lower(${t.city})`)],
);

export const screens = pgTable(
  'screens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    theaterId: uuid('theater_id')
      .notNull()
      .references(() => theaters.id),
    name: text('name').notNull(),
    /** The newest row of screen_layouts for this screen; bumped under the row lock. */
    currentLayoutVersion: integer('current_layout_version').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('screens_theater_name_key').on(t.theaterId, sql`lower(${t.name})`)],
);

/** Never updated or deleted (a trigger from migration 0002 refuses it): showtimes snapshot them. */
export const screenLayouts = pgTable(
  'screen_layouts',
  {
    screenId: uuid('screen_id')
      .notNull()
      .references(() => screens.id),
    version: integer('version').notNull(),
    layout: jsonb('layout').$type<SeatLayout>().notNull(),
    seatCount: integer('seat_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.screenId, t.version] }),
    check('screen_layouts_version_check', sql`${t.version} >= 1`),
  ],
);

export type MovieRow = typeof movies.$inferSelect;
export type TheaterRow = typeof theaters.$inferSelect;
export type ScreenRow = typeof screens.$inferSelect;
export type ScreenLayoutRow = typeof screenLayouts.$inferSelect;
