// Payments in PostgreSQL: the processing record, its completion (only from processing, so the
// request and the recovery worker cannot both complete it), reads, and keyset-paged listing.
import type { Queryable } from '@marquee/kit/db';
import { and, asc, desc, eq, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import { payments, refunds, type PaymentRow, type RefundRow } from './schema.ts';

export type NewPaymentRecord = Omit<
  typeof payments.$inferInsert,
  'status' | 'capturedAmount' | 'refundedAmount' | 'failureCode' | 'authorisationId' | 'completedAt'
>;

export type ChargeCompletion =
  | { status: 'succeeded'; authorisationId: string }
  | { status: 'failed'; failureCode: NonNullable<PaymentRow['failureCode']> };

export interface PaymentListCriteria {
  reference?: string;
  status?: PaymentRow['status'];
  /** Rows strictly after this position in (created_at desc, id desc) order. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

export function createPaymentsRepository(db: Queryable) {
  return {
    async insertProcessing(values: NewPaymentRecord): Promise<PaymentRow> {
      const [row] = await db
        .insert(payments)
        .values({ ...values, status: 'processing' })
        .returning();
      return row as PaymentRow;
    },

    /** Records the outcome of a payment still processing; undefined if it was already completed. */
    async complete(id: string, completion: ChargeCompletion, now: Date) {
      const [row] = await db
        .update(payments)
        .set(
          completion.status === 'succeeded'
            ? {
                status: 'succeeded',
                capturedAmount: payments.amount,
                authorisationId: completion.authorisationId,
                completedAt: now,
              }
            : { status: 'failed', failureCode: completion.failureCode, completedAt: now },
        )
        .where(and(eq(payments.id, id), eq(payments.status, 'processing')))
        .returning();
      return row;
    },

    async findById(id: string): Promise<PaymentRow | undefined> {
      const [row] = await db.select().from(payments).where(eq(payments.id, id));
      return row;
    },

    /** Takes the payment's row lock for the rest of the transaction (refunds serialise on it). */
    async lockById(id: string): Promise<PaymentRow | undefined> {
      const [row] = await db.select().from(payments).where(eq(payments.id, id)).for('update');
      return row;
    },

    async list(criteria: PaymentListCriteria): Promise<PaymentRow[]> {
      const conditions: SQL[] = [];
      if (criteria.reference) conditions.push(eq(payments.reference, criteria.reference));
      if (criteria.status) conditions.push(eq(payments.status, criteria.status));
      if (criteria.after) {
        const { createdAt, id } = criteria.after;
        conditions.push(
          or(
            lt(payments.createdAt, createdAt),
            and(eq(payments.createdAt, createdAt), lt(payments.id, id)),
          ) as SQL,
        );
      }
      return db
        .select()
        .from(payments)
        .where(and(...conditions))
        .orderBy(desc(payments.createdAt), desc(payments.id))
        .limit(criteria.limit);
    },

    /** Payments still processing that were created by `before`, oldest first. */
    async findProcessing(before: Date, limit: number): Promise<PaymentRow[]> {
      return db
        .select()
        .from(payments)
        .where(and(eq(payments.status, 'processing'), lte(payments.createdAt, before)))
        .orderBy(asc(payments.createdAt))
        .limit(limit);
    },

    /** The refunds that count (succeeded) of each payment, oldest first. */
    async succeededRefundsOf(paymentIds: string[]): Promise<Map<string, RefundRow[]>> {
      const byPayment = new Map<string, RefundRow[]>(paymentIds.map((id) => [id, []]));
      if (paymentIds.length === 0) return byPayment;
      const rows = await db
        .select()
        .from(refunds)
        .where(and(inArray(refunds.paymentId, paymentIds), eq(refunds.status, 'succeeded')))
        .orderBy(asc(refunds.seq));
      for (const row of rows) byPayment.get(row.paymentId)?.push(row);
      return byPayment;
    },
  };
}

export type PaymentsRepository = ReturnType<typeof createPaymentsRepository>;
