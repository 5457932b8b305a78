// The mock processor's own ledger: what it decided for each charge and refund it was asked for,
// kept so a restarted process can ask about an attempt a stopped one made (as a real processor
// answers by idempotency key). It belongs to the mock adapter, not to the payments domain, and
// holds no card data beyond what the outcome needs.
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const mockProviderCharges = pgTable('provider_charges', {
  /** The payment id doubles as the processor-side idempotency key: a repeat never charges twice. */
  paymentId: uuid('payment_id').primaryKey(),
  outcome: text('outcome', { enum: ['approved', 'declined', 'error'] }).notNull(),
  declineCode: text('decline_code'),
  authorisationId: text('authorisation_id'),
  amount: integer('amount').notNull(),
  currency: text('currency').notNull(),
  receivedAt: timestamptz('received_at').notNull(),
  /** When the outcome is final (later than received for the slow card). */
  decidedAt: timestamptz('decided_at').notNull(),
});

export const mockProviderRefunds = pgTable('provider_refunds', {
  refundId: uuid('refund_id').primaryKey(),
  paymentId: uuid('payment_id').notNull(),
  amount: integer('amount').notNull(),
  providerRefundId: text('provider_refund_id').notNull(),
  receivedAt: timestamptz('received_at').notNull(),
});
