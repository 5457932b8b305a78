// What callers see of a payment and its refunds. Only refunds that went through are shown, and the
// refunded total is theirs: a refund still in flight is not money returned yet.
import type { Payment, Refund } from '@marquee/contracts/payments';
import type { PaymentRow, RefundRow } from '../db/schema.ts';

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    amount: row.amount,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toPayment(row: PaymentRow, refunds: RefundRow[]): Payment {
  const succeeded = refunds.filter((r) => r.status === 'succeeded');
  return {
    id: row.id,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    capturedAmount: row.capturedAmount,
    refundedAmount: succeeded.reduce((sum, r) => sum + r.amount, 0),
    reference: row.reference,
    description: row.description,
    card: {
      brand: row.cardBrand,
      last4: row.cardLast4,
      expMonth: row.cardExpMonth,
      expYear: row.cardExpYear,
    },
    failureCode: row.failureCode,
    createdAt: row.createdAt.toISOString(),
    refunds: succeeded.map(toRefund),
  };
}
