// The card processor as the payments domain sees it. Calls are made outside any database
// transaction; every call carries our id for the attempt, which the processor treats as its
// idempotency key, so asking again (or asking what happened) never charges twice.
import type { CardInput } from '@marquee/contracts/payments';

export type DeclineCode = 'card_declined' | 'insufficient_funds';

export interface ChargeRequest {
  /** Our payment id: the processor's idempotency key for this attempt. */
  paymentId: string;
  amount: number;
  currency: string;
  card: CardInput;
}

export type ChargeOutcome =
  | { outcome: 'approved'; authorisationId: string }
  | { outcome: 'declined'; code: DeclineCode }
  /** The processor failed; no money was taken. */
  | { outcome: 'error' };

/** What the processor knows of an earlier attempt: its outcome, or that it is still deciding. */
export type ChargeLookup = ChargeOutcome | { outcome: 'pending' } | { outcome: 'unknown' };

export interface RefundRequest {
  /** Our refund id: the processor's idempotency key for this refund. */
  refundId: string;
  paymentId: string;
  authorisationId: string;
  amount: number;
  currency: string;
}

export type RefundOutcome =
  { outcome: 'refunded'; providerRefundId: string } | { outcome: 'error' };
export type RefundLookup = RefundOutcome | { outcome: 'unknown' };

export interface PaymentProvider {
  /** Authorise and capture at once. Throws only when the outcome is unknown (e.g. a lost answer). */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
  /** For recovery: the outcome of the charge attempt for `paymentId`. */
  lookupCharge(paymentId: string): Promise<ChargeLookup>;
  lookupRefund(refundId: string): Promise<RefundLookup>;
}
