// HTTP routes for tickets: check-in at the door (staff), the public key scanners verify codes
// with offline, and a customer's ticket with its QR image.
import type { Principal } from '@marquee/kit/auth';
import type { Database } from '@marquee/kit/db';
import { notFound, unauthenticated } from '@marquee/kit/errors';
import type { Routes } from '@marquee/kit/http';
import { checkIn, findTicket, type TicketRow } from '../db/tickets.repository.ts';
import type { TicketSigner } from '../domain/ticket-codes.ts';
import { ticketQrPng, ticketQrSvg } from '../domain/ticket-qr.ts';
import {
  checkInBody,
  checkInResultSchema,
  jwksSchema,
  problemSchema,
  ticketIdParams,
  ticketSchema,
  toTicketView,
} from './tickets.schemas.ts';

export interface TicketRoutesDeps {
  db: Database;
  signer: TicketSigner;
  clock: () => Date;
  /** The customer who owns a booking (tickets carry no customer column), or undefined. */
  customerOf: (bookingId: string) => Promise<string | undefined>;
}

const tags = ['tickets'];
const problem = (description: string) => ({ description, schema: problemSchema });

/** Scanners fetch the key once and verify codes without the network; an hour bounds rotation lag. */
const PUBLIC_KEY_CACHE = 'public, max-age=3600';
/** A ticket's code never changes, so its image does not either; it stays with the owner's browser. */
const QR_CACHE = 'private, max-age=86400';

export function addTicketRoutes(routes: Routes, deps: TicketRoutesDeps): void {
  /** The ticket when the caller owns its booking or is an admin; 404 to anyone else alike. */
  async function visibleTicket(id: string, principal: Principal | undefined): Promise<TicketRow> {
    if (!principal) throw unauthenticated();
    const row = await findTicket(deps.db, id);
    if (row) {
      if (principal.role === 'admin') return row;
      if ((await deps.customerOf(row.bookingId)) === principal.userId) return row;
    }
    throw notFound('No such ticket.');
  }

  routes.add(
    {
      method: 'post',
      path: '/api/tickets/check-in',
      summary:
        'Admit the holder of a scanned ticket code. Every outcome is a 200 with `result`: ' +
        "'valid' (admitted now), 'already_used' (with the first `usedAt`), 'wrong_showtime' " +
        "(the ticket is for `ticket.showtimeId`; not marked used), 'void' (cancelled) or " +
        "'invalid' (not a code this service signed). Give `showtimeId` to admit only that showtime.",
      tags,
      auth: ['staff', 'admin'],
      request: { body: checkInBody },
      responses: {
        200: { description: 'The outcome of the scan', schema: checkInResultSchema },
        400: problem('The body is not `{code, showtimeId?}`'),
        401: problem('No valid access token'),
        403: problem('Not staff or an admin'),
      },
    },
    async ({ body, res }) => {
      res.json(
        await checkIn(
          deps.db,
          { code: body.code, showtimeId: body.showtimeId, now: deps.clock() },
          deps.signer,
        ),
      );
    },
  );

  // Before /api/tickets/{id}, which would otherwise take "public-key" for an id.
  routes.add(
    {
      method: 'get',
      path: '/api/tickets/public-key',
      summary:
        'The JWKS of the key ticket codes are signed with (ES256, `kid` = RFC 7638 thumbprint). ' +
        'Scanners cache it and verify codes offline.',
      tags,
      responses: { 200: { description: 'The JSON Web Key Set', schema: jwksSchema } },
    },
    ({ res }) => {
      res.set('Cache-Control', PUBLIC_KEY_CACHE).json(deps.signer.publicJwks());
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/tickets/{id}',
      summary: "A ticket with its signed code (the booking's customer or an admin).",
      tags,
      auth: true,
      request: { params: ticketIdParams },
      responses: {
        200: { description: 'The ticket', schema: ticketSchema },
        400: problem('The id is not a UUID'),
        404: problem('No such ticket visible to the caller'),
      },
    },
    async ({ params, principal, res }) => {
      res.json(toTicketView(await visibleTicket(params.id, principal)));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/tickets/{id}/qr.png',
      summary: "The ticket's code as a QR image, PNG (the booking's customer or an admin).",
      tags,
      auth: true,
      request: { params: ticketIdParams },
      responses: {
        200: { description: 'image/png' },
        404: problem('No such ticket visible to the caller'),
      },
    },
    async ({ params, principal, res }) => {
      const ticket = await visibleTicket(params.id, principal);
      res
        .type('image/png')
        .set('Cache-Control', QR_CACHE)
        .send(await ticketQrPng(ticket.code));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/tickets/{id}/qr.svg',
      summary: "The ticket's code as a QR image, SVG (the booking's customer or an admin).",
      tags,
      auth: true,
      request: { params: ticketIdParams },
      responses: {
        200: { description: 'image/svg+xml' },
        404: problem('No such ticket visible to the caller'),
      },
    },
    async ({ params, principal, res }) => {
      const ticket = await visibleTicket(params.id, principal);
      res
        .type('image/svg+xml')
        .set('Cache-Control', QR_CACHE)
        .send(await ticketQrSvg(ticket.code));
    },
  );
}
