// Counters on the service's /metrics: payments by outcome and refunds made.
import { Counter, Registry } from 'prom-client';

export type PaymentOutcome =
  'succeeded' | 'card_declined' | 'insufficient_funds' | 'processing_error';

export interface PaymentsMetrics {
  paymentCompleted(outcome: PaymentOutcome): void;
  refundMade(): void;
}

export function createPaymentsMetrics(registry: Registry = new Registry()): PaymentsMetrics {
  const payments = new Counter({
    name: 'marquee_payments_total',
    help: 'Payments completed, by outcome (succeeded, card_declined, insufficient_funds, processing_error)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const refunds = new Counter({
    name: 'marquee_refunds_total',
    help: 'Refunds the processor made',
    registers: [registry],
  });
  return {
    paymentCompleted: (outcome) => payments.inc({ outcome }),
    refundMade: () => refunds.inc(),
  };
}
