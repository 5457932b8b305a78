// Refunds in PostgreSQL: the amount is reserved on the payment (under its row lock, guarded by a
// conditional update and the refunded <= captured check) before the processor is asked, and given
// back if the processor fails.
import type { Queryable } from '@marquee/kit/db';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { payments, refunds, type PaymentRow, type RefundRow } from './schema.ts';

export type NewRefundRecord = Omit<
  typeof refunds.$inferInsert,
  'status' | 'providerRefundId' | 'completedAt'
>;

export function createRefundsRepository(db: Queryable) {
  return {
    /** Adds `amount` to the refunded total if it still fits; undefined if it does not. */
    async reserve(paymentId: string, amount: number): Promise<PaymentRow | undefined> {
      const [row] = await db
        .update(payments)
        .set({ refundedAmount: sql`${payments.refundedAmount} + ${amount}` })
        .where(
          and(
            eq(payments.id, paymentId),
            eq(payments.status, 'succeeded'),
            sql`${payments.refundedAmount} + ${amount} <= ${payments.capturedAmount}`,
          ),
        )
        .returning();
      return row;
    },

    async release(paymentId: string, amount: number): Promise<void> {
      await db
        .update(payments)
        .set({ refundedAmount: sql`${payments.refundedAmount} - ${amount}` })
        .where(eq(payments.id, paymentId));
    },

    async insertPending(values: NewRefundRecord): Promise<RefundRow> {
      const [row] = await db
        .insert(refunds)
        .values({ ...values, status: 'pending' })
        .returning();
      return row as RefundRow;
    },

    /** Completes a pending refund; undefined if it was already completed (by recovery or request). */
    async complete(
      id: string,
      outcome: { status: 'succeeded'; providerRefundId: string } | { status: 'failed' },
      now: Date,
    ): Promise<RefundRow | undefined> {
      const [row] = await db
        .update(refunds)
        .set({
          status: outcome.status,
          providerRefundId: outcome.status === 'succeeded' ? outcome.providerRefundId : null,
          completedAt: now,
        })
        .where(and(eq(refunds.id, id), eq(refunds.status, 'pending')))
        .returning();
      return row;
    },

    async findById(id: string): Promise<RefundRow | undefined> {
      const [row] = await db.select().from(refunds).where(eq(refunds.id, id));
      return row;
    },

    /** Refunds still pending that were created by `before`, oldest first. */
    async findPending(before: Date, limit: number): Promise<RefundRow[]> {
      return db
        .select()
        .from(refunds)
        .where(and(eq(refunds.status, 'pending'), lte(refunds.createdAt, before)))
        .orderBy(asc(refunds.createdAt))
        .limit(limit);
    },
  };
}
