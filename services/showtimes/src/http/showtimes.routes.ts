// HTTP routes of the schedule: public reads; admin writes (PUT also for the operator's 'service' role).
import { randomUUID } from 'node:crypto';
import type { Routes } from '@marquee/kit/http';
import type { Response } from 'express';
import type { SaveResult, ScheduleService } from '../domain/schedule.service.ts';
import type { ShowtimeReader } from '../domain/showtime-reader.ts';
import {
  createShowtimeBody,
  problemSchema,
  putShowtimeBody,
  rescheduleBody,
  showtimeIdParams,
  showtimePageSchema,
  showtimeQuery,
  showtimeSchema,
} from './showtimes.schemas.ts';

const tags = ['showtimes'];
const problem = (description: string) => ({ description, schema: problemSchema });
const showtime = (description: string) => ({ description, schema: showtimeSchema });

const writeErrors = {
  400: problem('Invalid input; `errors` names each field'),
  401: problem('No valid access token'),
  403: problem('Not allowed for this role'),
  409: problem('Overlaps another showtime on the screen, or conflicts with its seats or state'),
  422: problem('A movie, theater, screen or layout that the catalog does not have'),
  503: problem('The catalog cannot be reached'),
};

function send(res: Response, result: SaveResult): void {
  const status = result.outcome === 'created' ? 201 : 200;
  if (status === 201) res.location(`/api/showtimes/${result.showtime.id}`);
  res.status(status).json(result.showtime);
}

export function addShowtimeRoutes(
  routes: Routes,
  deps: { schedule: ScheduleService; reader: ShowtimeReader },
): void {
  const { schedule, reader } = deps;

  routes.add(
    {
      method: 'get',
      path: '/api/showtimes',
      summary:
        'List showtimes, earliest first. `date` is a local date in each theater’s time zone; without it, showtimes not yet started.',
      tags,
      request: { query: showtimeQuery },
      responses: {
        200: { description: 'A page of showtimes', schema: showtimePageSchema },
        400: problem('Invalid query'),
      },
    },
    async ({ query, res }) => {
      res.json(await reader.list(query));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/showtimes/{id}',
      summary:
        'Get a showtime with its seat counts now (a hold past its time counts as available).',
      tags,
      request: { params: showtimeIdParams },
      responses: { 200: showtime('The showtime'), 404: problem('No such showtime') },
    },
    async ({ params, res }) => {
      res.json(await reader.get(params.id));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/showtimes',
      summary:
        'Schedule a showtime (admin): its seats are provisioned from the screen’s layout in the same transaction.',
      tags,
      auth: ['admin'],
      request: { body: createShowtimeBody },
      responses: {
        201: showtime('The new showtime'),
        200: showtime('A showtime with this `id` and the same definition already existed'),
        ...writeErrors,
      },
    },
    async ({ body, res }) => {
      const { id, ...definition } = body;
      send(res, await schedule.schedule(definition, id ?? randomUUID()));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/showtimes/{id}',
      summary:
        'Create or update a showtime so it matches the body (admin, service). The same body twice changes nothing.',
      tags,
      auth: ['admin', 'service'],
      request: { params: showtimeIdParams, body: putShowtimeBody },
      responses: {
        201: showtime('Created'),
        200: showtime('Updated, or already as asked'),
        ...writeErrors,
      },
    },
    async ({ params, body, res }) => {
      send(res, await schedule.upsert(params.id, body));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/showtimes/{id}',
      summary: 'Reschedule (admin): a new start, sales window or price table.',
      tags,
      auth: ['admin'],
      request: { params: showtimeIdParams, body: rescheduleBody },
      responses: {
        200: showtime('The showtime as it is now'),
        404: problem('No such showtime'),
        ...writeErrors,
      },
    },
    async ({ params, body, res }) => {
      send(res, await schedule.reschedule(params.id, body));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/showtimes/{id}/cancel',
      summary:
        'Cancel a showtime (admin, or a service such as the operator). Its live holds end; sold ' +
        'seats stay sold until booking refunds them. Cancelling again changes nothing.',
      tags,
      auth: ['admin', 'service'],
      request: { params: showtimeIdParams },
      responses: {
        200: showtime('The cancelled showtime'),
        401: problem('No valid access token'),
        403: problem('Not an admin or a service'),
        404: problem('No such showtime'),
      },
    },
    async ({ params, res }) => {
      send(res, await schedule.cancel(params.id));
    },
  );
}
