// A mock card processor that behaves like one: documented test cards decide the outcome (see
// docs/payments.md), it remembers every attempt in its own ledger tables keyed by our ids (so a
// repeat answers the same and a restarted process can ask what happened), and one card is slow.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '@marquee/kit/db';
import { eq } from 'drizzle-orm';
import { mockProviderCharges, mockProviderRefunds } from '../db/mock-provider.table.ts';
import { cardDigits } from './card-rules.ts';
import type { ChargeOutcome, ChargeLookup, PaymentProvider, RefundLookup } from './provider.ts';

/** The documented test cards; any other Luhn-valid number is approved at once. */
export const TEST_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  amex: '378282246310005',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  processingError: '4000000000000119',
  slow: '4000000000003063',
} as const;

export interface MockProviderOptions {
  db: Database;
  /** How long the slow card takes to be approved. */
  slowMs: number;
}

type Decision =
  | { outcome: 'approved'; delayMs: number }
  | { outcome: 'declined'; code: 'card_declined' | 'insufficient_funds' }
  | { outcome: 'error' };

function decide(number: string, slowMs: number): Decision {
  switch (cardDigits(number)) {
    case TEST_CARDS.declined:
      return { outcome: 'declined', code: 'card_declined' };
    case TEST_CARDS.insufficientFunds:
      return { outcome: 'declined', code: 'insufficient_funds' };
    case TEST_CARDS.processingError:
      return { outcome: 'error' };
    case TEST_CARDS.slow:
      return { outcome: 'approved', delayMs: slowMs };
    default:
      return { outcome: 'approved', delayMs: 0 };
  }
}

type ChargeRecord = typeof mockProviderCharges.$inferSelect;

const outcomeOf = (row: ChargeRecord): ChargeOutcome =>
  row.outcome === 'approved'
    ? { outcome: 'approved', authorisationId: row.authorisationId ?? '' }
    : row.outcome === 'declined'
      ? { outcome: 'declined', code: row.declineCode as 'card_declined' | 'insufficient_funds' }
      : { outcome: 'error' };

/** The processor keeps its own time: it is another company's computer, not our service clock. */
export function createMockProvider(options: MockProviderOptions): PaymentProvider {
  const { db } = options;

  const findCharge = async (paymentId: string) =>
    (
      await db
        .select()
        .from(mockProviderCharges)
        .where(eq(mockProviderCharges.paymentId, paymentId))
    )[0];

  return {
    async charge(request) {
      const decision = decide(request.card.number, options.slowMs);
      const receivedAt = new Date();
      const delayMs = decision.outcome === 'approved' ? decision.delayMs : 0;
      // The first attempt for a payment id decides; a repeat gets the same answer, no new charge.
      const [inserted] = await db
        .insert(mockProviderCharges)
        .values({
          paymentId: request.paymentId,
          outcome: decision.outcome,
          declineCode: decision.outcome === 'declined' ? decision.code : null,
          authorisationId: decision.outcome === 'approved' ? `mock_auth_${randomUUID()}` : null,
          amount: request.amount,
          currency: request.currency,
          receivedAt,
          decidedAt: new Date(receivedAt.getTime() + delayMs),
        })
        .onConflictDoNothing()
        .returning();
      const recorded = inserted ?? (await findCharge(request.paymentId));
      if (!recorded) throw new Error('mock processor lost its own record');
      const wait = recorded.decidedAt.getTime() - Date.now();
      if (wait > 0) await sleep(wait);
      return outcomeOf(recorded);
    },

    async lookupCharge(paymentId): Promise<ChargeLookup> {
      const recorded = await findCharge(paymentId);
      if (!recorded) return { outcome: 'unknown' };
      if (recorded.decidedAt.getTime() > Date.now()) return { outcome: 'pending' };
      return outcomeOf(recorded);
    },

    async refund(request) {
      await db
        .insert(mockProviderRefunds)
        .values({
          refundId: request.refundId,
          paymentId: request.paymentId,
          amount: request.amount,
          providerRefundId: `mock_refund_${randomUUID()}`,
          receivedAt: new Date(),
        })
        .onConflictDoNothing();
      const lookup = await this.lookupRefund(request.refundId);
      if (lookup.outcome === 'unknown') throw new Error('mock processor lost its own record');
      return lookup;
    },

    async lookupRefund(refundId): Promise<RefundLookup> {
      const [recorded] = await db
        .select()
        .from(mockProviderRefunds)
        .where(eq(mockProviderRefunds.refundId, refundId));
      return recorded
        ? { outcome: 'refunded', providerRefundId: recorded.providerRefundId }
        : { outcome: 'unknown' };
    },
  };
}
