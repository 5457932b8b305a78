// Movies: what admins may change, what a deleted movie still shows, and how the public finds them.
import type { Database } from '@marquee/kit/db';
import { conflict, notFound } from '@marquee/kit/errors';
import { createMoviesRepository, type MovieRecord } from '../db/movies.repository.ts';
import type { Genre, Rating } from './movie-rules.ts';
import type { Page, PageRequest } from './paging.ts';

export interface MovieInput {
  title: string;
  synopsis: string;
  runtimeMinutes: number;
  rating: Rating;
  genres: Genre[];
  cast: string[];
  /** YYYY-MM-DD */
  releaseDate: string;
  posterUrl: string | null;
  trailerUrl: string | null;
}

export type MoviePatch = Partial<MovieInput>;

export interface Movie extends MovieInput {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** Set once the movie is withdrawn; it then drops out of lists but stays readable by id. */
  deletedAt: string | null;
}

export interface MovieQuery extends PageRequest {
  q?: string;
  genre?: Genre;
  /** YYYY-MM-DD: released on or before this day. */
  date?: string;
}

export function toMovie(row: MovieRecord): Movie {
  return {
    id: row.id,
    title: row.title,
    synopsis: row.synopsis,
    runtimeMinutes: row.runtimeMinutes,
    rating: row.rating,
    genres: row.genres,
    cast: row.castMembers,
    releaseDate: row.releaseDate,
    posterUrl: row.posterUrl,
    trailerUrl: row.trailerUrl,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
  };
}

const movieNotFound = (id: string) => notFound(`No movie with id ${id}.`);

export function createMoviesService(deps: { db: Database }) {
  const movies = createMoviesRepository(deps.db);

  return {
    async create(input: MovieInput): Promise<Movie> {
      const { cast, ...rest } = input;
      return toMovie(await movies.insert({ ...rest, castMembers: cast }));
    },

    async update(id: string, patch: MoviePatch): Promise<Movie> {
      const { cast, ...rest } = patch;
      const row = await movies.update(
        id,
        cast === undefined ? rest : { ...rest, castMembers: cast },
      );
      if (row) return toMovie(row);
      const existing = await movies.findById(id);
      if (!existing) throw movieNotFound(id);
      throw conflict(`Movie ${id} has been deleted and can no longer be changed.`);
    },

    /** Soft delete; deleting a deleted movie again changes nothing and succeeds. */
    async remove(id: string): Promise<void> {
      if (!(await movies.softDelete(id))) throw movieNotFound(id);
    },

    /** Deleted movies are returned too (with deletedAt): showtimes and bookings still name them. */
    async get(id: string): Promise<Movie> {
      const row = await movies.findById(id);
      if (!row) throw movieNotFound(id);
      return toMovie(row);
    },

    async search(query: MovieQuery): Promise<Page<Movie>> {
      const { rows, total } = await movies.search({
        text: query.q,
        genre: query.genre,
        releasedOnOrBefore: query.date,
        limit: query.limit,
        offset: query.offset,
      });
      return { items: rows.map(toMovie), total, limit: query.limit, offset: query.offset };
    },
  };
}

export type MoviesService = ReturnType<typeof createMoviesService>;
