// HTTP routes for bookings: create from a hold, pay (the saga), read, list, cancel. Creating and
// paying take an Idempotency-Key: the same key and body answer the first result again.
import type { Principal } from '@marquee/kit/auth';
import type { Database } from '@marquee/kit/db';
import { unauthenticated } from '@marquee/kit/errors';
import {
  idempotencyKeyHeaders,
  problemDocument,
  problemSchema,
  sendIdempotent,
  withIdempotency,
  type Routes,
} from '@marquee/kit/http';
import type { Actor, BookingsService } from '../domain/bookings.service.ts';
import { toBookingView, type BookingView } from '../domain/booking-view.ts';
import type { createCancellationService } from '../domain/cancellation.service.ts';
import type { PaymentSaga } from '../domain/payment.saga.ts';
import {
  bookingPageSchema,
  bookingSchema,
  cancelBookingBody,
  cancellationSchema,
  createBookingBody,
  idParams,
  listBookingsQuery,
  payBookingBody,
} from './bookings.schemas.ts';

const tags = ['bookings'];
const problem = (description: string) => ({ description, schema: problemSchema });

function actorOf(principal: Principal | undefined): Actor {
  if (!principal) throw unauthenticated();
  return { userId: principal.userId, role: principal.role };
}

const keyOf = (headers: Record<string, unknown>) =>
  idempotencyKeyHeaders.parse(headers)['idempotency-key'];

export interface BookingRoutesDeps {
  db: Database;
  bookings: BookingsService;
  saga: PaymentSaga;
  cancellations: ReturnType<typeof createCancellationService>;
  clock: () => Date;
}

export function addBookingRoutes(routes: Routes, deps: BookingRoutesDeps): void {
  const { bookings, saga } = deps;

  routes.add(
    {
      method: 'post',
      path: '/api/bookings',
      summary:
        'Book the seats of your live hold: one ticket per seat with its type, priced from the ' +
        "showtime's price table. The booking awaits payment until the hold runs out.",
      tags,
      auth: ['customer'],
      request: { headers: idempotencyKeyHeaders, body: createBookingBody },
      responses: {
        201: { description: 'The booking, awaiting payment', schema: bookingSchema },
        400: problem('Invalid request, or tickets that do not match the hold (`errors`)'),
        404: problem('No such hold of yours'),
        409: problem('The hold ended, already has a booking, or the showtime was cancelled'),
        422: problem('`code` idempotency_key_reused'),
      },
    },
    async ({ body, principal, req, res }) => {
      const actor = actorOf(principal);
      const result = await withIdempotency(
        {
          db: deps.db,
          caller: actor.userId,
          key: keyOf(req.headers),
          route: 'POST /api/bookings',
          body,
          clock: deps.clock,
        },
        async (scope) => {
          const answer = (booking: BookingView) => ({
            status: 201,
            body: booking,
            headers: { location: `/api/bookings/${booking.id}` },
          });
          // The answer commits with the booking: no crash can leave the key in progress.
          return answer(
            await bookings.create(actor, body, (tx, booking) =>
              scope.complete(tx, answer(booking)),
            ),
          );
        },
      );
      sendIdempotent(res, result);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/bookings/{id}/pay',
      summary:
        'Pay for a booking: the hold is extended if it is about to run out, the card charged, ' +
        'the seats confirmed and the tickets issued. If the seats cannot be confirmed after the ' +
        'charge, the money is refunded and the booking ends failed. 202 when the outcome is ' +
        'still being settled.',
      tags,
      auth: ['customer'],
      request: { headers: idempotencyKeyHeaders, params: idParams, body: payBookingBody },
      responses: {
        200: { description: 'Confirmed, with tickets', schema: bookingSchema },
        202: {
          description: 'Being settled: read the booking again shortly',
          schema: bookingSchema,
        },
        400: problem('Invalid request or card data (`errors` names the field)'),
        402: problem('Declined: `code` card_declined or insufficient_funds; pay again'),
        404: problem('No such booking of yours'),
        409: problem('Not awaiting payment, expired, or failed after the charge (refunded)'),
        502: problem('`code` processing_error: no money was taken; pay again'),
      },
    },
    async ({ params, body, principal, req, res }) => {
      const actor = actorOf(principal);
      const { number, cvc: _cvc, ...rest } = body.card;
      const result = await withIdempotency<unknown>(
        {
          db: deps.db,
          caller: actor.userId,
          key: keyOf(req.headers),
          route: `POST /api/bookings/${params.id}/pay`,
          // Never the card number or CVC, not even hashed.
          body: { ...rest, last4: number.replace(/ /g, '').slice(-4) },
          clock: deps.clock,
        },
        async () => {
          const booking = await bookings.visible(params.id, actor);
          const outcome = await saga.pay(booking, body.card);
          if (outcome.kind === 'declined') {
            const extra = (outcome.problem as { errors?: { field: string; message: string }[] })
              ?.errors;
            return {
              status: outcome.status,
              body: problemDocument(outcome.status, outcome.code, outcome.detail, {
                code: outcome.code,
                bookingId: booking.id,
                ...(extra
                  ? {
                      errors: extra.map((e) => ({
                        ...e,
                        field: `body.${e.field.replace(/^body\./, '')}`,
                      })),
                    }
                  : {}),
              }),
            };
          }
          const view = outcome.lines
            ? toBookingView(outcome.booking, outcome.lines.items, outcome.lines.tickets)
            : await bookings.view(outcome.booking);
          if (outcome.kind === 'failed') {
            return {
              status: 409,
              body: problemDocument(
                409,
                'booking_failed',
                `The seats could not be confirmed (${view.failureReason}); the payment was refunded.`,
                { bookingStatus: 'failed', booking: view },
              ),
            };
          }
          return { status: outcome.kind === 'confirmed' ? 200 : 202, body: view };
        },
      );
      sendIdempotent(res, result);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/bookings',
      summary:
        'Your bookings, newest first (staff, admins and services: everyone’s, with filters).',
      tags,
      auth: true,
      request: { query: listBookingsQuery },
      responses: { 200: { description: 'A page of bookings', schema: bookingPageSchema } },
    },
    async ({ query, principal, res }) => {
      res.json(await bookings.list(actorOf(principal), query));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/bookings/{id}',
      summary: 'One booking (yours; staff, admins and services: any).',
      tags,
      auth: true,
      request: { params: idParams },
      responses: {
        200: { description: 'The booking', schema: bookingSchema },
        404: problem('No such booking of yours'),
      },
    },
    async ({ params, principal, res }) => {
      res.json(await bookings.get(params.id, actorOf(principal)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/bookings/{id}/cancel',
      summary:
        'Cancel a confirmed booking, or some of its tickets (`seats`), until the cutoff before ' +
        'the show. The refund follows the fee bands in docs/booking.md; the seats go back on sale.',
      tags,
      auth: ['customer', 'staff', 'admin'],
      request: { params: idParams, body: cancelBookingBody },
      responses: {
        200: { description: 'What was cancelled and refunded', schema: cancellationSchema },
        400: problem('Seats without a live ticket in this booking (`errors`)'),
        404: problem('No such booking of yours'),
        409: problem('Not confirmed, nothing left to cancel, or past the cutoff (`cutoff`)'),
      },
    },
    async ({ params, body, principal, res }) => {
      const result = await deps.cancellations.cancel(actorOf(principal), params.id, body?.seats);
      res.json({
        booking: await bookings.view(result.booking),
        cancelledSeats: result.seats,
        refund: result.refund,
        fee: result.fee,
      });
    },
  );
}
