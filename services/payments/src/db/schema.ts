// The payments database: payments (only brand, last four digits and expiry of a card: never the
// number or the CVC), their refunds, the kit's messaging and idempotency tables, and the mock
// processor's own ledger. Checks here guard money even when code is wrong.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export { idempotencyKeys, outbox, processedEvents } from '@marquee/kit/tables';
export { mockProviderCharges, mockProviderRefunds } from './mock-provider.table.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    status: text('status', { enum: ['processing', 'succeeded', 'failed'] }).notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    capturedAmount: integer('captured_amount').notNull().default(0),
    /** Includes refunds still in flight: it is what the over-refund guard counts against. */
    refundedAmount: integer('refunded_amount').notNull().default(0),
    reference: text('reference').notNull(),
    description: text('description'),
    cardBrand: text('card_brand', { enum: ['visa', 'mastercard', 'amex', 'other'] }).notNull(),
    cardLast4: text('card_last4').notNull(),
    cardExpMonth: smallint('card_exp_month').notNull(),
    cardExpYear: smallint('card_exp_year').notNull(),
    failureCode: text('failure_code', {
      enum: ['card_declined', 'insufficient_funds', 'processing_error'],
    }),
    authorisationId: text('authorisation_id'),
    /** The principal that asked for the charge. */
    createdBy: text('created_by').notNull(),
    /** The Idempotency-Key of the charge, so recovery can store the answer a stopped process owed. */
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamptz('created_at').notNull(),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('payments_reference_idx').on(t.reference, t.createdAt.desc(), t.id.desc()),
    index('payments_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('payments_processing_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'processing'`),
    check('payments_amount_positive', sql`${t.amount} > 0`),
    check('payments_card_last4', sql`${t.cardLast4} ~ '^[0-9]{4}$'`),
    // Captured is everything once succeeded and nothing otherwise (authorise and capture at once).
    check(
      'payments_captured_matches_status',
      sql`${t.capturedAmount} = CASE WHEN ${t.status} = 'succeeded' THEN ${t.amount} ELSE 0 END`,
    ),
    check('payments_refunded_not_negative', sql`${t.refundedAmount} >= 0`),
    check('payments_refunded_within_captured', sql`${t.refundedAmount} <= ${t.capturedAmount}`),
    check(
      'payments_failed_has_code',
      sql`(${t.status} = 'failed') = (${t.failureCode} IS NOT NULL)`,
    ),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey(),
    /** Order of creation, even between refunds created within the same millisecond. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id),
    /** `pending` while the processor is asked; its amount is already counted in refunded_amount. */
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    amount: integer('amount').notNull(),
    reason: text('reason'),
    providerRefundId: text('provider_refund_id'),
    createdBy: text('created_by').notNull(),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamptz('created_at').notNull(),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('refunds_payment_idx').on(t.paymentId, t.seq),
    index('refunds_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    check('refunds_amount_positive', sql`${t.amount} > 0`),
  ],
);

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
