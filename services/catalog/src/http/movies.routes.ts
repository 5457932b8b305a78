// HTTP routes for movies: public reads and search, admin writes.
import type { Routes } from '@marquee/kit/http';
import type { MoviesService } from '../domain/movies.service.ts';
import { idParams, problemSchema } from './common.schemas.ts';
import {
  createMovieBody,
  movieQuery,
  moviePageSchema,
  movieSchema,
  updateMovieBody,
} from './movies.schemas.ts';

const tags = ['movies'];
const problem = (description: string) => ({ description, schema: problemSchema });

export function addMovieRoutes(routes: Routes, movies: MoviesService): void {
  routes.add(
    {
      method: 'get',
      path: '/api/movies',
      summary:
        'List and search movies. `q` is full-text search (title ranks above cast, cast above synopsis); ' +
        '`genre` filters by genre; `date` keeps movies released on or before that day. Deleted movies are left out.',
      tags,
      request: { query: movieQuery },
      responses: {
        200: { description: 'A page of movies', schema: moviePageSchema },
        400: problem('Invalid query'),
      },
    },
    async ({ query, res }) => {
      res.json(await movies.search({ ...query, q: query.q || undefined }));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/movies/{id}',
      summary:
        'Get a movie. Deleted movies are still returned, with `deletedAt` set, so older showtimes stay explainable.',
      tags,
      request: { params: idParams },
      responses: {
        200: { description: 'The movie', schema: movieSchema },
        404: problem('No such movie'),
      },
    },
    async ({ params, res }) => {
      res.json(await movies.get(params.id));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/movies',
      summary: 'Add a movie (admin).',
      tags,
      auth: ['admin'],
      request: { body: createMovieBody },
      responses: {
        201: { description: 'The new movie', schema: movieSchema },
        400: problem('Invalid movie'),
        401: problem('No valid access token'),
        403: problem('Not an admin'),
      },
    },
    async ({ body, res }) => {
      const movie = await movies.create(body);
      res.status(201).location(`/api/movies/${movie.id}`).json(movie);
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/movies/{id}',
      summary: 'Change some fields of a movie (admin).',
      tags,
      auth: ['admin'],
      request: { params: idParams, body: updateMovieBody },
      responses: {
        200: { description: 'The changed movie', schema: movieSchema },
        400: problem('Invalid change'),
        404: problem('No such movie'),
        409: problem('The movie has been deleted'),
      },
    },
    async ({ params, body, res }) => {
      res.json(await movies.update(params.id, body));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/movies/{id}',
      summary:
        'Delete a movie (admin). A soft delete: it leaves lists and search but stays readable by id; repeating it is harmless.',
      tags,
      auth: ['admin'],
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, 404: problem('No such movie') },
    },
    async ({ params, res }) => {
      await movies.remove(params.id);
      res.status(204).end();
    },
  );
}
