// A booking's states and the steps of its payment, with the moves between them (docs/booking.md).
export const BOOKING_STATUSES = [
  'awaiting_payment',
  'paying',
  'confirmed',
  'failed',
  'expired',
  'cancelled',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * Within `paying`, recorded before the step is taken: `charging` (the charge may be at payments),
 * `charged` (money taken; seats next), `refunding` (seats failed; money goes back).
 */
export const PAY_STEPS = ['charging', 'charged', 'refunding'] as const;
export type PayStep = (typeof PAY_STEPS)[number];

export { TICKET_TYPES, type TicketType } from '@marquee/contracts/prices';

/** A booking in one of these will not change again, except a confirmed one by cancellation. */
export const isFinal = (status: BookingStatus) =>
  status === 'failed' || status === 'expired' || status === 'cancelled';
