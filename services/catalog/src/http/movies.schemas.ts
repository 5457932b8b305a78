// Movie requests and responses as zod schemas: validated at the edge and described in OpenAPI.
import { z } from 'zod';
import { GENRES, RATINGS, RUNTIME_LIMITS, isPosterUrl, isWebUrl } from '../domain/movie-rules.ts';
import { notEmpty, pageOf, pagingQuery, text } from './common.schemas.ts';

const isoDate = z.iso.date('must be a date as YYYY-MM-DD');
const genre = z.enum(GENRES, { error: `must be one of: ${GENRES.join(', ')}` });

const movieFields = {
  title: text(200),
  synopsis: text(5_000),
  runtimeMinutes: z
    .number()
    .int('must be a whole number of minutes')
    .min(RUNTIME_LIMITS.min)
    .max(RUNTIME_LIMITS.max),
  rating: z.enum(RATINGS, { error: `must be one of: ${RATINGS.join(', ')}` }),
  genres: z
    .array(genre)
    .min(1, 'must name at least one genre')
    .max(5)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a genre'),
  cast: z.array(text(120)).max(50),
  releaseDate: isoDate,
  posterUrl: z
    .string()
    .max(2_048)
    .refine(isPosterUrl, 'must be an http(s) URL or a path starting with /')
    .nullable(),
  trailerUrl: z.string().max(2_048).refine(isWebUrl, 'must be an http or https URL').nullable(),
};

export const createMovieBody = z
  .object({
    ...movieFields,
    cast: movieFields.cast.default([]),
    posterUrl: movieFields.posterUrl.default(null),
    trailerUrl: movieFields.trailerUrl.default(null),
  })
  .strict();

export const updateMovieBody = z
  .object(movieFields)
  .partial()
  .strict()
  .refine(notEmpty, 'must change at least one field');

export const movieQuery = z.object({
  /** Web-search syntax: words, "a phrase", -excluded, or. Empty means no text filter. */
  q: z.string().trim().max(200).optional(),
  genre: genre.optional(),
  /** Movies released on or before this day (YYYY-MM-DD), e.g. what may be showing then. */
  date: isoDate.optional(),
  ...pagingQuery,
});

export const movieSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  synopsis: z.string(),
  runtimeMinutes: z.number().int(),
  rating: z.enum(RATINGS),
  genres: z.array(z.enum(GENRES)),
  cast: z.array(z.string()),
  releaseDate: z.string(),
  posterUrl: z.string().nullable(),
  trailerUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});

export const moviePageSchema = pageOf(movieSchema);
