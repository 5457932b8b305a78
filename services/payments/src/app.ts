// The payments service's composition: charge, read and refund routes over one database and one
// processor adapter, the recovery worker for attempts left in flight, and the idempotency-key
// cleanup. `runService` (service.ts) hosts what this returns.
import type { TokenVerifier } from '@marquee/kit/auth';
import type { Database } from '@marquee/kit/db';
import { createIdempotencyKeyCleanup, createRoutes, type Routes } from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
import type { Worker } from '@marquee/kit/runtime';
import type { Registry } from 'prom-client';
import type { PaymentsConfig } from './config.ts';
import { createChargesService } from './domain/charges.service.ts';
import { createMockProvider } from './domain/mock-provider.ts';
import { createPaymentsMetrics } from './domain/payments-metrics.ts';
import type { PaymentsDeps } from './domain/payments-deps.ts';
import { createPaymentsReader } from './domain/payments-reader.ts';
import { createProcessingRecovery, type ProcessingRecovery } from './domain/processing-recovery.ts';
import type { PaymentProvider } from './domain/provider.ts';
import { createRefundsService } from './domain/refunds.service.ts';
import { addPaymentRoutes } from './http/payments.routes.ts';
import { addRefundRoutes } from './http/refunds.routes.ts';

export const SERVICE_NAME = 'payments';

export const PAYMENTS_API_INFO = {
  title: 'Marquee payments',
  version: '1.0.0',
  description:
    'Card payments through a processor adapter (a mock processor with documented test cards): ' +
    'charges authorised and captured at once, refunds, both idempotent by Idempotency-Key. ' +
    'Only the card brand, last four digits and expiry are stored. Service and admin tokens ' +
    'only. See docs/payments.md.',
};

export type PaymentsAppConfig = Pick<
  PaymentsConfig,
  | 'MOCK_PROVIDER_SLOW_MS'
  | 'PROCESSING_TIMEOUT_SECONDS'
  | 'RECOVERY_INTERVAL_MS'
  | 'IDEMPOTENCY_WAIT_MS'
>;

export interface PaymentsAppDeps {
  config: PaymentsAppConfig;
  db: Database;
  verifier: TokenVerifier;
  logger: Logger;
  clock: () => Date;
  notifyOutbox: () => void;
  /** Defaults to the mock processor over this database. */
  provider?: PaymentProvider;
  /** Where the payment counters are registered (the service's /metrics registry). */
  registry?: Registry;
}

export interface Payments {
  routes: Routes;
  workers: Worker[];
  recovery: ProcessingRecovery;
}

export function buildPayments(deps: PaymentsAppDeps): Payments {
  const { config, db, clock, logger } = deps;
  const domain: PaymentsDeps = {
    db,
    clock,
    logger,
    provider: deps.provider ?? createMockProvider({ db, slowMs: config.MOCK_PROVIDER_SLOW_MS }),
    metrics: createPaymentsMetrics(deps.registry),
    notifyOutbox: deps.notifyOutbox,
    idempotencyWaitMs: config.IDEMPOTENCY_WAIT_MS,
    processingTimeoutSeconds: config.PROCESSING_TIMEOUT_SECONDS,
  };

  const routes = createRoutes({ verifier: deps.verifier });
  addPaymentRoutes(routes, {
    charges: createChargesService(domain),
    reader: createPaymentsReader(db),
  });
  addRefundRoutes(routes, createRefundsService(domain));

  const recovery = createProcessingRecovery(domain, { intervalMs: config.RECOVERY_INTERVAL_MS });
  const cleanup = createIdempotencyKeyCleanup({ db, logger, clock });
  return { routes, workers: [recovery, cleanup], recovery };
}
