// The payments service's start: read the configuration, build the verifier, and run.
import { fileURLToPath } from 'node:url';
import { createJwksVerifier, type TokenVerifier } from '@marquee/kit/auth';
import { ConfigError, parseConfig } from '@marquee/kit/config';
import type { Logger } from '@marquee/kit/logging';
import { runService, type RunningService, type SharedInfrastructure } from '@marquee/kit/runtime';
import { buildPayments, PAYMENTS_API_INFO, SERVICE_NAME } from './app.ts';
import { paymentsConfigSchema, type PaymentsConfig } from './config.ts';
import { createMockProvider } from './domain/mock-provider.ts';
import type { PaymentProvider } from './domain/provider.ts';

export { buildPayments, PAYMENTS_API_INFO, type Payments, type PaymentsAppDeps } from './app.ts';
export { paymentsConfigSchema, type PaymentsConfig } from './config.ts';
export { TEST_CARDS } from './domain/mock-provider.ts';
export type { PaymentProvider } from './domain/provider.ts';

export const PAYMENTS_MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface StartPaymentsOptions {
  /** The embedded launcher's in-process bus (and the PGlite template). */
  shared?: SharedInfrastructure;
  /** Verifies access tokens; defaults to identity's JWKS at JWKS_URL. */
  verifier?: TokenVerifier;
  logger?: Logger;
  handleSignals?: boolean;
  /** "Now" for every rule; tests pass one they move. */
  clock?: () => Date;
  /** Tests wrap the (mock) processor to make it misbehave: lose answers, fail, stall. */
  wrapProvider?: (provider: PaymentProvider) => PaymentProvider;
  /** Accepted for the launcher's common options; payments has no demo data. */
  seedDemoData?: boolean;
}

function verifierFrom(config: PaymentsConfig): TokenVerifier {
  if (!config.JWKS_URL) {
    throw new ConfigError([{ variable: 'JWKS_URL', message: "is required: identity's JWKS URL" }]);
  }
  return createJwksVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}

export async function startPayments(
  env: Record<string, string | undefined> = process.env,
  options: StartPaymentsOptions = {},
): Promise<RunningService> {
  const config = parseConfig(paymentsConfigSchema, env);
  const verifier = options.verifier ?? verifierFrom(config);
  const clock = options.clock ?? (() => new Date());
  return runService({
    name: SERVICE_NAME,
    config,
    migrationsFolder: PAYMENTS_MIGRATIONS,
    shared: options.shared,
    logger: options.logger,
    handleSignals: options.handleSignals,
    build: ({ db, logger, metrics, notifyOutbox }) => {
      const mock = createMockProvider({ db: db.db, slowMs: config.MOCK_PROVIDER_SLOW_MS });
      const payments = buildPayments({
        config,
        db: db.db,
        verifier,
        logger,
        clock,
        notifyOutbox,
        provider: options.wrapProvider?.(mock) ?? mock,
        registry: metrics.registry,
      });
      return { routes: payments.routes, workers: payments.workers, openapi: PAYMENTS_API_INFO };
    },
  });
}
