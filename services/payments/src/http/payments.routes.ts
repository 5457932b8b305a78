// HTTP routes for payments: charge a card (idempotent), read one payment, list payments.
import type { Principal } from '@marquee/kit/auth';
import { unauthenticated } from '@marquee/kit/errors';
import { sendIdempotent, type Routes } from '@marquee/kit/http';
import type { ChargesService } from '../domain/charges.service.ts';
import type { PaymentsReader } from '../domain/payments-reader.ts';
import {
  createPaymentRequestSchema,
  idempotencyKeyHeaders,
  idParams,
  listPaymentsQuerySchema,
  paymentPageSchema,
  paymentSchema,
  problem,
} from './payments.schemas.ts';

const tags = ['payments'];

export function callerOf(principal: Principal | undefined): string {
  if (!principal) throw unauthenticated();
  return principal.userId;
}

export const idempotencyKeyOf = (headers: Record<string, unknown>) =>
  idempotencyKeyHeaders.parse(headers)['idempotency-key'];

export function addPaymentRoutes(
  routes: Routes,
  deps: { charges: ChargesService; reader: PaymentsReader },
): void {
  routes.add(
    {
      method: 'post',
      path: '/api/payments',
      summary:
        'Charge a card: authorise and capture at once. Requires an Idempotency-Key: the same key ' +
        'and body answer the first result again (with `Idempotent-Replayed: true`), whatever it was.',
      tags,
      auth: ['service', 'admin'],
      request: { headers: idempotencyKeyHeaders, body: createPaymentRequestSchema },
      responses: {
        201: { description: 'The payment succeeded', schema: paymentSchema },
        400: problem('Invalid request or card data (`errors` names each field)'),
        401: problem('No valid access token'),
        402: problem(
          'Declined: `code` is card_declined or insufficient_funds; `paymentId` the record',
        ),
        403: problem('Not a service or an admin'),
        409: problem('`code` idempotency_in_progress: the first request with this key still runs'),
        422: problem('`code` idempotency_key_reused: the key was used for another request'),
        502: problem('`code` processing_error: the processor failed; no money was taken'),
        503: problem('The processor did not answer; repeat with the same key to learn the outcome'),
      },
    },
    async ({ body, principal, req, res }) => {
      const result = await deps.charges.charge({
        caller: callerOf(principal),
        idempotencyKey: idempotencyKeyOf(req.headers),
        request: body,
      });
      sendIdempotent(res, result);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/payments/{id}',
      summary: 'Read a payment with its refunds (never the card number: brand, last four, expiry).',
      tags,
      auth: ['service', 'admin'],
      request: { params: idParams },
      responses: {
        200: { description: 'The payment', schema: paymentSchema },
        403: problem('Not a service or an admin'),
        404: problem('No such payment'),
      },
    },
    async ({ params, res }) => {
      res.json(await deps.reader.get(params.id));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/payments',
      summary:
        'List payments, newest first, by `reference` and `status`; pass `nextCursor` as `cursor` ' +
        'for the next page.',
      tags,
      auth: ['service', 'admin'],
      request: { query: listPaymentsQuerySchema },
      responses: {
        200: { description: 'A page of payments', schema: paymentPageSchema },
        400: problem('Invalid filter or cursor'),
        403: problem('Not a service or an admin'),
      },
    },
    async ({ query, res }) => {
      res.json(await deps.reader.list(query));
    },
  );
}
