// HTTP routes for holds: take seats for a showtime, read, release, extend, and (for booking)
// take on a customer's behalf, confirm, and return sold seats.
import type { Principal } from '@marquee/kit/auth';
import { forbidden, invalidInput, unauthenticated } from '@marquee/kit/errors';
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
  returnedSeatsSchema,
  returnSeatsBody,
} from './holds.schemas.ts';

const tags = ['holds'];
const problem = (description: string) => ({ description, schema: problemSchema });
const isUuid = (value: string) => z.uuid().safeParse(value).success;

function actorOf(principal: Principal | undefined): HoldActor {
  if (!principal) throw unauthenticated();
  return { userId: principal.userId, role: principal.role };
}

/**
 * Whose hold it is: the caller's own, or (booking re-taking seats after a payment, or an admin)
 * the customer named in the body. Only services and admins may name one.
 */
function holderOf(actor: HoldActor, customerId: string | undefined): string {
  const mayActForOthers = actor.role === 'service' || actor.role === 'admin';
  if (customerId !== undefined) {
    if (!mayActForOthers) {
      throw forbidden('Only the booking service or an admin may hold seats for another customer.');
    }
    return customerId;
  }
  if (actor.role === 'service') {
    throw invalidInput('body.customerId is required: name the customer the seats are held for.', [
      { field: 'body.customerId', message: 'is required when a service holds seats' },
    ]);
  }
  if (!isUuid(actor.userId)) throw forbidden('Only a customer account can hold seats.');
  return actor.userId;
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
        'extended or confirmed. The booking service (and an admin) holds for a customer by ' +
        'naming `customerId`; a service must name one, a customer may not.',
      tags,
      auth: true,
      request: { params: idParams, body: holdRequestBody },
      responses: {
        201: { description: 'The hold', schema: newHoldSchema },
        400: problem('Invalid request'),
        401: problem('No valid access token'),
        403: problem('`customerId` from a customer, or a caller that is not a customer account'),
        404: problem('No such showtime'),
        409: problem(
          'Seats are taken (`unavailable` lists them), no best-available block is left ' +
            "(`reason: 'no_best_available'`), or the showtime is cancelled or not on sale",
        ),
        422: problem('The request breaks a seating rule (`violations` says which)'),
      },
    },
    async ({ params, body, principal, res }) => {
      const customerId = holderOf(actorOf(principal), body.customerId);
      const hold = body.seats
        ? await holds.take({ showtimeId: params.id, customerId, seats: body.seats })
        : await holds.takeBestAvailable({
            showtimeId: params.id,
            customerId,
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
      summary:
        'Release a hold (its owner, an admin, or the booking service). Releasing an ended hold ' +
        'changes nothing.',
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
        'Extend a live hold (its owner, or the booking service to cover a payment) a limited ' +
        'number of times, never beyond its longest life.',
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

  routes.add(
    {
      method: 'post',
      path: '/api/holds/{id}/return',
      summary:
        'Put sold seats of a confirmed hold back on sale (booking cancelled or refunded, whole or ' +
        'in part): the seats become available, their sales end, and `seat.released.v1` carries ' +
        'the `reason`. Without `seats`, every seat of the hold. Idempotent: seats returned ' +
        'already change nothing and are answered as returned.',
      tags,
      auth: ['service', 'admin'],
      request: { params: idParams, body: returnSeatsBody },
      responses: {
        200: {
          description: 'What is returned and what is still sold',
          schema: returnedSeatsSchema,
        },
        400: problem('Invalid request'),
        403: problem('Not the booking service or an admin'),
        404: problem('No such hold'),
        409: problem('The hold was never confirmed (`holdStatus` says what it is)'),
        422: problem('Seats that are not part of the hold (`seats` names them)'),
      },
    },
    async ({ params, body, res }) => {
      res.json(await holds.returnSeats(params.id, body));
    },
  );
}
