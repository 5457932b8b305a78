// Writes booking events to the outbox inside the caller's transaction, checked by the contract.
import {
  bookingEventSchemas,
  type BookingEventPayload,
  type BookingEventType,
} from '@marquee/contracts/booking-events';
import type { Queryable } from '@marquee/kit/db';
import { enqueueEvent } from '@marquee/kit/outbox';

export async function enqueueBookingEvent<T extends BookingEventType>(
  tx: Queryable,
  type: T,
  payload: BookingEventPayload<T>,
  occurredAt: Date,
): Promise<void> {
  await enqueueEvent(tx, { type, payload: bookingEventSchemas[type].parse(payload), occurredAt });
}
