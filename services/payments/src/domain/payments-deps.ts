// What the payments domain is built from: one place, so services and workers take the same deps.
import type { Database } from '@marquee/kit/db';
import type { Logger } from '@marquee/kit/logging';
import type { PaymentsMetrics } from './payments-metrics.ts';
import type { PaymentProvider } from './provider.ts';

export interface PaymentsDeps {
  db: Database;
  provider: PaymentProvider;
  /** "Now" for every rule (card expiry, timeouts, stored times); tests pass one they move. */
  clock: () => Date;
  logger: Logger;
  metrics: PaymentsMetrics;
  /** Wakes the outbox relay after a commit that wrote events. */
  notifyOutbox: () => void;
  /** How long a duplicate request waits for the first with its key before answering 409. */
  idempotencyWaitMs: number;
  /** A payment or refund the processor has no record of is failed after this long. */
  processingTimeoutSeconds: number;
}
