// Refunding a payment, partly or fully, as often as the captured amount allows: reserve the amount
// under the payment's row lock, ask the processor outside any transaction, then record the outcome.
import { randomUUID } from 'node:crypto';
import type { CreateRefundRequest } from '@marquee/contracts/payments';
import { violatedConstraint } from '@marquee/kit/db';
import { conflict, notFound, unavailable, type AppError } from '@marquee/kit/errors';
import { withIdempotency, type IdempotentResult } from '@marquee/kit/http';
import { createPaymentsRepository } from '../db/payments.repository.ts';
import { createRefundsRepository } from '../db/refunds.repository.ts';
import type { PaymentRow, RefundRow } from '../db/schema.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import type { RefundOutcome } from './provider.ts';
import { completeRefund } from './refund-completion.ts';

export interface RefundCommand {
  caller: string;
  idempotencyKey: string;
  paymentId: string;
  request: CreateRefundRequest;
}

const exceedsCaptured = (remaining: number) =>
  conflict(
    remaining === 0
      ? 'Everything captured has already been refunded.'
      : `The refund exceeds what is left to refund (${remaining}).`,
    { code: 'refund_exceeds_captured', refundable: remaining },
  );

function notRefundable(payment: PaymentRow): AppError {
  return conflict(`Only a succeeded payment can be refunded; this one is ${payment.status}.`, {
    code: 'payment_not_refundable',
    paymentStatus: payment.status,
  });
}

export function createRefundsService(deps: PaymentsDeps) {
  const { db, provider, clock, metrics } = deps;
  const logger = deps.logger.child({ component: 'refunds' });

  /** Reserves the amount and records the refund as pending, or refuses with nothing changed. */
  async function reserve(
    command: RefundCommand,
  ): Promise<{ payment: PaymentRow; refund: RefundRow }> {
    try {
      return await db.transaction(async (tx) => {
        const payment = await createPaymentsRepository(tx).lockById(command.paymentId);
        if (!payment) throw notFound('No such payment.');
        if (payment.status !== 'succeeded') throw notRefundable(payment);
        const remaining = payment.capturedAmount - payment.refundedAmount;
        const amount = command.request.amount ?? remaining;
        if (amount <= 0 || amount > remaining) throw exceedsCaptured(remaining);
        const refunds = createRefundsRepository(tx);
        // Under the row lock this cannot miss; it stays as a guard should the lock ever go.
        const reserved = await refunds.reserve(payment.id, amount);
        if (!reserved) throw exceedsCaptured(remaining);
        const refund = await refunds.insertPending({
          id: randomUUID(),
          paymentId: payment.id,
          amount,
          reason: command.request.reason ?? null,
          createdBy: command.caller,
          idempotencyKey: command.idempotencyKey,
          createdAt: clock(),
        });
        return { payment: reserved, refund };
      });
    } catch (err) {
      if (violatedConstraint(err) === 'payments_refunded_within_captured') throw exceedsCaptured(0);
      throw err;
    }
  }

  return {
    async refund(command: RefundCommand): Promise<IdempotentResult> {
      return withIdempotency(
        {
          db,
          caller: command.caller,
          key: command.idempotencyKey,
          route: `POST /api/payments/${command.paymentId}/refunds`,
          body: command.request,
          waitMs: deps.idempotencyWaitMs,
          clock,
        },
        async (scope) => {
          const { payment, refund } = await reserve(command);
          scope.retain();
          let outcome: RefundOutcome;
          try {
            outcome = await provider.refund({
              refundId: refund.id,
              paymentId: payment.id,
              authorisationId: payment.authorisationId ?? '',
              amount: refund.amount,
              currency: payment.currency,
            });
          } catch (err) {
            logger.warn({ err, refundId: refund.id }, 'processor refund outcome unknown');
            throw unavailable(
              'The card processor did not answer. The refund will be settled shortly: repeat ' +
                'the request with the same Idempotency-Key to learn its outcome.',
              err,
            );
          }
          const completed = await db.transaction((tx) =>
            completeRefund(tx, refund, outcome, clock()),
          );
          // Committed with the key's answer, by this transaction or by the recovery worker's.
          scope.stored();
          if (completed.refundedNow) metrics.refundMade();
          if (completed.completedNow) deps.notifyOutbox();
          return completed.answer;
        },
      );
    },
  };
}

export type RefundsService = ReturnType<typeof createRefundsService>;
