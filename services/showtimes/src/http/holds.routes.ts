// HTTP routes for holds: take seats for a showtime, read, release, extend, and confirm (booking).
import type { Principal } from '@marquee/kit/auth';
import { forbidden, unauthenticated } from '@marquee/kit/errors';
import type { Routes } from '@marquee/kit/http';
import { z } from 'zod';
import { createHoldsService, type HoldActor, type HoldsDeps } from '../domain/holds.service.ts';
import {
  confirmedHoldSchema,
  confirmHoldBody,
  extendedHoldSchema,
  holdRequestBody,
  holdSchema,
  idParams,
  newHoldSchema,
  problemSchema,
} from './holds.schemas.ts';

const tags = ['holds'];
const problem = (description: string) => ({ description, schema: problemSchema });
const isUuid = (value: string) => z.uuid().safeParse(value).success;

function actorOf(principal: Principal | undefined): HoldActor {
  if (!principal) throw unauthenticated();
  return { userId: principal.userId, role: principal.role };
}

export function addHoldRoutes(routes: Routes, deps: HoldsDeps): void {
  const holds = createHoldsService(deps);

  routes.add(
    {
      method: 'post',
      path: '/api/showtimes/{id}/holds',
      summary:
        'Hold seats for a few minutes while the customer books: all of them or none. Name the ' +
        '`seats`, or give a `quantity` (and optionally a `category`) for the best available ' +
        'side-by-side seats. The hold belongs to the caller and ends at `expiresAt` unless ' +
        'extended or confirmed.',
      tags,
      auth: true,
      request: { params: idParams, body: holdRequestBody },
      responses: {
        201: { description: 'The hold', schema: newHoldSchema },
        400: problem('Invalid request'),
        401: problem('No valid access token'),
        404: problem('No such showtime'),
        409: problem(
          'Seats are taken (`unavailable` lists them), no best-available block is left ' +
            "(`reason: 'no_best_available'`), or the showtime is cancelled or not on sale",
        ),
        422: problem('The request breaks a seating rule (`violations` says which)'),
      },
    },
    async ({ params, body, principal, res }) => {
      const actor = actorOf(principal);
      if (!isUuid(actor.userId)) throw forbidden('Only a customer account can hold seats.');
      const hold = body.seats
        ? await holds.take({ showtimeId: params.id, customerId: actor.userId, seats: body.seats })
        : await holds.takeBestAvailable({
            showtimeId: params.id,
            customerId: actor.userId,
            quantity: body.quantity ?? 1,
            category: body.category,
          });
      res.status(201).location(`/api/holds/${hold.holdId}`).json(hold);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/holds/{id}',
      summary: "Read a hold (its owner, an admin, or a service). `status` turns 'expired' on time.",
      tags,
      auth: true,
      request: { params: idParams },
      responses: {
        200: { description: 'The hold', schema: holdSchema },
        404: problem('No such hold visible to the caller'),
      },
    },
    async ({ params, principal, res }) => {
      res.json(await holds.get(params.id, actorOf(principal)));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/holds/{id}',
      summary: 'Release a hold (its owner or an admin). Releasing an ended hold changes nothing.',
      tags,
      auth: true,
      request: { params: idParams },
      responses: {
        204: { description: 'The seats are free again' },
        404: problem('No such hold visible to the caller'),
        409: problem('The hold was confirmed: cancel the booking instead'),
      },
    },
    async ({ params, principal, res }) => {
      await holds.release(params.id, actorOf(principal));
      res.status(204).end();
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/holds/{id}/extend',
      summary:
        'Extend a live hold (its owner) a limited number of times, never beyond its longest life.',
      tags,
      auth: true,
      request: { params: idParams },
      responses: {
        200: { description: 'The new expiry', schema: extendedHoldSchema },
        404: problem('No such hold of the caller'),
        409: problem('The hold has ended'),
        422: problem('No extension left, or the hold has reached its longest life'),
      },
    },
    async ({ params, principal, res }) => {
      res.json(await holds.extend(params.id, actorOf(principal)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/holds/{id}/confirm',
      summary:
        'Sell the seats of a live hold (booking service or admin). Idempotent: confirming a ' +
        'confirmed hold answers the same; an expired or released hold sells nothing.',
      tags,
      auth: ['service', 'admin'],
      request: { params: idParams, body: confirmHoldBody },
      responses: {
        200: { description: 'The sale', schema: confirmedHoldSchema },
        403: problem('Not the booking service or an admin'),
        404: problem('No such hold'),
        409: problem('The hold expired or was released: nothing was sold'),
      },
    },
    async ({ params, body, res }) => {
      res.json(await holds.confirm(params.id, body));
    },
  );
}
