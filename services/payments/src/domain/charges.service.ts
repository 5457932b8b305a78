// Charging a card: check it, claim the Idempotency-Key, record the payment as processing, ask the
// processor outside any transaction, then record the outcome with its event and stored answer.
import { randomUUID } from 'node:crypto';
import type { CreatePaymentRequest } from '@marquee/contracts/payments';
import { invalidInput, unavailable } from '@marquee/kit/errors';
import { withIdempotency, type IdempotentResult } from '@marquee/kit/http';
import { createPaymentsRepository } from '../db/payments.repository.ts';
import { cardProblems, storedCardOf } from './card-rules.ts';
import { completeCharge } from './charge-completion.ts';
import { chargeAnswer } from './payment-answers.ts';
import { toPayment } from './payment-view.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import type { ChargeOutcome } from './provider.ts';

export const CHARGE_ROUTE = 'POST /api/payments';

export interface ChargeCommand {
  /** The principal asking; Idempotency-Keys are theirs alone. */
  caller: string;
  idempotencyKey: string;
  request: CreatePaymentRequest;
}

export function createChargesService(deps: PaymentsDeps) {
  const { db, provider, clock, metrics } = deps;
  const logger = deps.logger.child({ component: 'charges' });

  return {
    async charge({ caller, idempotencyKey, request }: ChargeCommand): Promise<IdempotentResult> {
      const problems = cardProblems(request.card, clock());
      if (problems.length > 0) {
        const [first] = problems;
        throw invalidInput(
          problems.length === 1 && first
            ? `${first.field} ${first.message}.`
            : `The request has ${problems.length} invalid fields.`,
          problems,
        );
      }
      const card = storedCardOf(request.card);
      // The card number and CVC are left out of the fingerprint: not even their hash is kept.
      const fingerprint = {
        amount: request.amount,
        currency: request.currency,
        reference: request.reference,
        description: request.description ?? null,
        card,
      };
      return withIdempotency(
        {
          db,
          caller,
          key: idempotencyKey,
          route: CHARGE_ROUTE,
          body: fingerprint,
          waitMs: deps.idempotencyWaitMs,
          clock,
        },
        async (scope) => {
          const processing = await createPaymentsRepository(db).insertProcessing({
            id: randomUUID(),
            amount: request.amount,
            currency: request.currency,
            reference: request.reference,
            description: request.description ?? null,
            cardBrand: card.brand,
            cardLast4: card.last4,
            cardExpMonth: card.expMonth,
            cardExpYear: card.expYear,
            createdBy: caller,
            idempotencyKey,
            createdAt: clock(),
          });
          // From here a payment exists: a failure must not free the key for a second charge.
          // The recovery worker completes the payment and the key's answer.
          scope.retain();
          let outcome: ChargeOutcome;
          try {
            outcome = await provider.charge({
              paymentId: processing.id,
              amount: request.amount,
              currency: request.currency,
              card: request.card,
            });
          } catch (err) {
            logger.warn({ err, paymentId: processing.id }, 'processor outcome unknown');
            throw unavailable(
              'The card processor did not answer. The outcome will be settled shortly: repeat ' +
                'the request with the same Idempotency-Key to learn it.',
              err,
            );
          }
          const completed = await db.transaction((tx) =>
            completeCharge(tx, processing, outcome, clock()),
          );
          // Committed with the key's answer, by this transaction or by the recovery worker's.
          scope.stored();
          if (completed.outcome) {
            metrics.paymentCompleted(completed.outcome);
            deps.notifyOutbox();
          }
          return chargeAnswer(toPayment(completed.payment, []));
        },
      );
    },
  };
}

export type ChargesService = ReturnType<typeof createChargesService>;
