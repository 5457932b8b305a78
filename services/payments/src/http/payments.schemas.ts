// Payments requests and responses for validation and the OpenAPI description: the shared contract
// from @marquee/contracts, plus the route parameters and header.
import { paymentProblemSchema } from '@marquee/contracts/payments';
import { z } from 'zod';

export {
  createPaymentRequestSchema,
  createRefundRequestSchema,
  listPaymentsQuerySchema,
  paymentPageSchema,
  paymentSchema,
  refundResultSchema,
} from '@marquee/contracts/payments';
export { idempotencyKeyHeaders } from '@marquee/kit/http';

export const idParams = z.object({ id: z.uuid('must be a UUID') });

/** A route response for an error status, described with the payments problem schema. */
export const problem = (description: string) => ({ description, schema: paymentProblemSchema });
