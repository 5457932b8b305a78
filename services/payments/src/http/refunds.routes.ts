// HTTP route for refunds: partial or full, repeated as the captured amount allows, idempotent.
import { sendIdempotent, type Routes } from '@marquee/kit/http';
import type { RefundsService } from '../domain/refunds.service.ts';
import { callerOf, idempotencyKeyOf } from './payments.routes.ts';
import {
  createRefundRequestSchema,
  idempotencyKeyHeaders,
  idParams,
  problem,
  refundResultSchema,
} from './payments.schemas.ts';

export function addRefundRoutes(routes: Routes, refunds: RefundsService): void {
  routes.add(
    {
      method: 'post',
      path: '/api/payments/{id}/refunds',
      summary:
        'Refund a payment: `amount` (default: everything not yet refunded) and a `reason`. ' +
        'Refunds never add up to more than was captured. Requires an Idempotency-Key.',
      tags: ['payments'],
      auth: ['service', 'admin'],
      request: {
        params: idParams,
        headers: idempotencyKeyHeaders,
        body: createRefundRequestSchema,
      },
      responses: {
        201: { description: 'The refund and the payment after it', schema: refundResultSchema },
        400: problem('Invalid request'),
        403: problem('Not a service or an admin'),
        404: problem('No such payment'),
        409: problem(
          '`code` refund_exceeds_captured, payment_not_refundable (not succeeded), or ' +
            'idempotency_in_progress',
        ),
        422: problem('`code` idempotency_key_reused: the key was used for another request'),
        502: problem('`code` processing_error: the processor failed; nothing was refunded'),
        503: problem('The processor did not answer; repeat with the same key to learn the outcome'),
      },
    },
    async ({ params, body, principal, req, res }) => {
      const result = await refunds.refund({
        caller: callerOf(principal),
        idempotencyKey: idempotencyKeyOf(req.headers),
        paymentId: params.id,
        request: body,
      });
      sendIdempotent(res, result);
    },
  );
}
