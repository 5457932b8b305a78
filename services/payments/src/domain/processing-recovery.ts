// The recovery worker: completes payments and refunds a stopped process left in flight. It asks
// the processor what became of each attempt (by our id) and records that; an attempt the processor
// never saw is failed with processing_error once PROCESSING_TIMEOUT_SECONDS have passed. Runs at
// start and then periodically; safe with several replicas (completion is conditional).
import type { Worker } from '@marquee/kit/runtime';
import { createPaymentsRepository } from '../db/payments.repository.ts';
import { createRefundsRepository } from '../db/refunds.repository.ts';
import { completeCharge } from './charge-completion.ts';
import type { PaymentsDeps } from './payments-deps.ts';
import type { ChargeOutcome, RefundOutcome } from './provider.ts';
import { completeRefund } from './refund-completion.ts';

const BATCH = 100;

export interface RecoveryResult {
  payments: number;
  refunds: number;
}

export interface ProcessingRecovery extends Worker {
  /** One pass over everything in flight; returns how many payments and refunds it completed. */
  recoverOnce(): Promise<RecoveryResult>;
}

export function createProcessingRecovery(
  deps: PaymentsDeps,
  options: { intervalMs: number },
): ProcessingRecovery {
  const { db, provider, clock, metrics } = deps;
  const logger = deps.logger.child({ component: 'processing-recovery' });
  const timeoutMs = deps.processingTimeoutSeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  const timedOut = (createdAt: Date) => clock().getTime() - createdAt.getTime() >= timeoutMs;

  async function recoverPayments(): Promise<number> {
    let recovered = 0;
    for (const payment of await createPaymentsRepository(db).findProcessing(clock(), BATCH)) {
      const lookup = await provider.lookupCharge(payment.id);
      if (lookup.outcome === 'pending') continue;
      // Never seen by the processor: either still on its way (wait) or never sent (fail it).
      if (lookup.outcome === 'unknown' && !timedOut(payment.createdAt)) continue;
      const outcome: ChargeOutcome = lookup.outcome === 'unknown' ? { outcome: 'error' } : lookup;
      const completed = await db.transaction((tx) => completeCharge(tx, payment, outcome, clock()));
      if (!completed.outcome) continue;
      metrics.paymentCompleted(completed.outcome);
      recovered++;
      logger.info(
        { paymentId: payment.id, outcome: completed.outcome, processor: lookup.outcome },
        'payment left processing completed',
      );
    }
    return recovered;
  }

  async function recoverRefunds(): Promise<number> {
    let recovered = 0;
    for (const refund of await createRefundsRepository(db).findPending(clock(), BATCH)) {
      const lookup = await provider.lookupRefund(refund.id);
      if (lookup.outcome === 'unknown' && !timedOut(refund.createdAt)) continue;
      const outcome: RefundOutcome = lookup.outcome === 'unknown' ? { outcome: 'error' } : lookup;
      const completed = await db.transaction((tx) => completeRefund(tx, refund, outcome, clock()));
      if (!completed.completedNow) continue;
      if (completed.refundedNow) metrics.refundMade();
      recovered++;
      logger.info(
        { refundId: refund.id, refunded: completed.refundedNow, processor: lookup.outcome },
        'refund left pending completed',
      );
    }
    return recovered;
  }

  async function recoverOnce(): Promise<RecoveryResult> {
    const result = { payments: await recoverPayments(), refunds: await recoverRefunds() };
    if (result.payments + result.refunds > 0) deps.notifyOutbox();
    return result;
  }

  function runAndSchedule(): void {
    if (stopped) return;
    running = recoverOnce()
      // The next round tries again; nothing is lost while a payment waits in processing.
      .catch((err: unknown) => logger.warn({ err }, 'recovery pass failed; will try again'))
      .finally(() => {
        running = undefined;
        if (stopped) return;
        timer = setTimeout(runAndSchedule, options.intervalMs);
        timer.unref();
      });
  }

  return {
    name: 'processing-recovery',
    start() {
      if (!stopped) return;
      stopped = false;
      runAndSchedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    recoverOnce,
  };
}
