// HTTP routes for a theater's screens and their versioned seat layouts.
import type { Routes } from '@marquee/kit/http';
import type { ScreensService } from '../domain/screens.service.ts';
import { idParams, problemSchema, screenParams } from './common.schemas.ts';
import {
  createScreenBody,
  layoutVersionParams,
  layoutVersionSchema,
  replaceLayoutBody,
  screenDetailSchema,
  screenListSchema,
} from './screens.schemas.ts';

const tags = ['screens'];
const problem = (description: string) => ({ description, schema: problemSchema });
const screenPath = (theaterId: string, screenId: string) =>
  `/api/theaters/${theaterId}/screens/${screenId}`;

export function addScreenRoutes(routes: Routes, screens: ScreensService): void {
  routes.add(
    {
      method: 'get',
      path: '/api/theaters/{id}/screens',
      summary: "List a theater's screens with their current layout version and seat count.",
      tags,
      request: { params: idParams },
      responses: {
        200: { description: 'The screens', schema: screenListSchema },
        404: problem('No such theater'),
      },
    },
    async ({ params, res }) => {
      res.json({ items: await screens.list(params.id) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/theaters/{id}/screens/{screenId}',
      summary: 'Get a screen with its current seat layout.',
      tags,
      request: { params: screenParams },
      responses: {
        200: { description: 'The screen', schema: screenDetailSchema },
        404: problem('No such screen'),
      },
    },
    async ({ params, res }) => {
      res.json(await screens.get(params.id, params.screenId));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/theaters/{id}/screens',
      summary: 'Add a screen with its first seat layout (version 1) (admin).',
      tags,
      auth: ['admin'],
      request: { params: idParams, body: createScreenBody },
      responses: {
        201: { description: 'The new screen', schema: screenDetailSchema },
        400: problem('Invalid screen or layout; `errors` names each field at fault'),
        404: problem('No such theater'),
        409: problem('The theater already has a screen of that name'),
      },
    },
    async ({ params, body, res }) => {
      const screen = await screens.create(params.id, body);
      res.status(201).location(screenPath(params.id, screen.id)).json(screen);
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/theaters/{id}/screens/{screenId}/layout',
      summary:
        'Replace the current seat layout (admin). Writes a new layout version; earlier versions never change, ' +
        'so showtimes keep the layout they were scheduled with. Sending the current layout again writes nothing.',
      tags,
      auth: ['admin'],
      request: { params: screenParams, body: replaceLayoutBody },
      responses: {
        200: {
          description: 'The screen with its (possibly new) current layout',
          schema: screenDetailSchema,
        },
        400: problem('Invalid layout; `errors` names each field at fault'),
        404: problem('No such screen'),
      },
    },
    async ({ params, body, res }) => {
      const { screen } = await screens.replaceLayout(params.id, params.screenId, body.layout);
      res
        .location(`${screenPath(params.id, params.screenId)}/layouts/${screen.layoutVersion}`)
        .json(screen);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/theaters/{id}/screens/{screenId}/layouts/{version}',
      summary: 'Get one layout version of a screen, current or not.',
      tags,
      request: { params: layoutVersionParams },
      responses: {
        200: { description: 'The layout version', schema: layoutVersionSchema },
        404: problem('No such screen or version'),
      },
    },
    async ({ params, res }) => {
      res.json(await screens.getLayoutVersion(params.id, params.screenId, params.version));
    },
  );
}
