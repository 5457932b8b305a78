// HTTP routes for theaters: public reads, admin writes.
import type { Routes } from '@marquee/kit/http';
import type { TheatersService } from '../domain/theaters.service.ts';
import { idParams, problemSchema } from './common.schemas.ts';
import {
  createTheaterBody,
  theaterPageSchema,
  theaterQuery,
  theaterSchema,
  updateTheaterBody,
} from './theaters.schemas.ts';

const tags = ['theaters'];
const problem = (description: string) => ({ description, schema: problemSchema });

export function addTheaterRoutes(routes: Routes, theaters: TheatersService): void {
  routes.add(
    {
      method: 'get',
      path: '/api/theaters',
      summary: 'List theaters, optionally in one city (matched without regard to case).',
      tags,
      request: { query: theaterQuery },
      responses: {
        200: { description: 'A page of theaters', schema: theaterPageSchema },
        400: problem('Invalid query'),
      },
    },
    async ({ query, res }) => {
      res.json(await theaters.list({ ...query, city: query.city || undefined }));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/theaters/{id}',
      summary: 'Get a theater.',
      tags,
      request: { params: idParams },
      responses: {
        200: { description: 'The theater', schema: theaterSchema },
        404: problem('No such theater'),
      },
    },
    async ({ params, res }) => {
      res.json(await theaters.get(params.id));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/theaters',
      summary: 'Add a theater (admin). `timezone` is an IANA name such as America/Chicago.',
      tags,
      auth: ['admin'],
      request: { body: createTheaterBody },
      responses: {
        201: { description: 'The new theater', schema: theaterSchema },
        400: problem('Invalid theater'),
        401: problem('No valid access token'),
        403: problem('Not an admin'),
      },
    },
    async ({ body, res }) => {
      const theater = await theaters.create(body);
      res.status(201).location(`/api/theaters/${theater.id}`).json(theater);
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/theaters/{id}',
      summary: 'Change some fields of a theater (admin).',
      tags,
      auth: ['admin'],
      request: { params: idParams, body: updateTheaterBody },
      responses: {
        200: { description: 'The changed theater', schema: theaterSchema },
        400: problem('Invalid change'),
        404: problem('No such theater'),
      },
    },
    async ({ params, body, res }) => {
      res.json(await theaters.update(params.id, body));
    },
  );
}
