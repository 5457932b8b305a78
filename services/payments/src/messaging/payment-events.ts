// Payment events written to the outbox in the transaction that records the change; each payload is
// checked against the shared contract first, so a bad one fails its own transaction.
import {
  paymentEventSchemas,
  type PaymentEventPayload,
  type PaymentEventType,
} from '@marquee/contracts/payment-events';
import type { Queryable } from '@marquee/kit/db';
import { enqueueEvent } from '@marquee/kit/outbox';

export async function enqueuePaymentEvent<T extends PaymentEventType>(
  tx: Queryable,
  type: T,
  payload: PaymentEventPayload<T>,
  occurredAt: Date,
): Promise<void> {
  await enqueueEvent(tx, { type, payload: paymentEventSchemas[type].parse(payload), occurredAt });
}
