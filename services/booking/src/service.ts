// The booking service's start: read the configuration, build the verifier, its own token source
// and the ticket signing key, and run.
import { fileURLToPath } from 'node:url';
import {
  createJwksVerifier,
  serviceTokenSourceFromConfig,
  type ServiceTokenSource,
  type TokenVerifier,
} from '@marquee/kit/auth';
import { ConfigError, parseConfig } from '@marquee/kit/config';
import type { Logger } from '@marquee/kit/logging';
import { runService, type RunningService, type SharedInfrastructure } from '@marquee/kit/runtime';
import { BOOKING_API_INFO, buildBooking, SERVICE_NAME, type BookingApp } from './app.ts';
import { bookingConfigSchema, type BookingConfig } from './config.ts';
import { createTicketSigner } from './domain/ticket-codes.ts';
import { loadTicketSigningKey } from './domain/ticket-signing-key.ts';

export { buildBooking, BOOKING_API_INFO, type BookingApp } from './app.ts';
export { bookingConfigSchema, type BookingConfig } from './config.ts';

export const BOOKING_MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface StartBookingOptions {
  shared?: SharedInfrastructure;
  /** Verifies access tokens; defaults to identity's JWKS at JWKS_URL. */
  verifier?: TokenVerifier;
  /** This service's own token; defaults to client credentials at SERVICE_TOKEN_URL. */
  tokens?: ServiceTokenSource;
  logger?: Logger;
  handleSignals?: boolean;
  clock?: () => Date;
  /** Accepted for the launcher's common options; booking has no demo data. */
  seedDemoData?: boolean;
  /** Receives the composed app (tests drive the recovery and expiry passes through it). */
  onBuilt?: (app: BookingApp) => void;
}

const required = (
  config: BookingConfig,
  name: 'JWKS_URL' | 'SHOWTIMES_URL' | 'PAYMENTS_URL',
  what: string,
) => {
  if (!config[name]) throw new ConfigError([{ variable: name, message: `is required: ${what}` }]);
  return config[name];
};

export async function startBooking(
  env: Record<string, string | undefined> = process.env,
  options: StartBookingOptions = {},
): Promise<RunningService> {
  const config = parseConfig(bookingConfigSchema, env);
  required(config, 'SHOWTIMES_URL', "the showtimes service's base URL, e.g. http://showtimes:8080");
  required(config, 'PAYMENTS_URL', "the payments service's base URL, e.g. http://payments:8080");
  const verifier =
    options.verifier ??
    createJwksVerifier({
      jwksUrl: required(config, 'JWKS_URL', "identity's JWKS URL"),
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    });
  const tokens = options.tokens ?? serviceTokenSourceFromConfig(config);
  if (!tokens) {
    throw new ConfigError([
      {
        variable: 'SERVICE_TOKEN_URL',
        message:
          "is required: identity's token URL, with SERVICE_CLIENT_ID and SERVICE_CLIENT_SECRET",
      },
    ]);
  }
  const clock = options.clock ?? (() => new Date());
  return runService({
    name: SERVICE_NAME,
    config,
    migrationsFolder: BOOKING_MIGRATIONS,
    shared: options.shared,
    logger: options.logger,
    handleSignals: options.handleSignals,
    build: async ({ db, bus, logger, notifyOutbox, dataDir }) => {
      const key = await loadTicketSigningKey({ pem: config.TICKET_SIGNING_KEY, dataDir });
      if (key.origin === 'generated')
        logger.info({ file: key.file }, 'ticket signing key generated');
      const app = buildBooking({
        config,
        logger,
        db: db.db,
        bus,
        verifier,
        tokens,
        signer: createTicketSigner(key),
        clock,
        notifyOutbox,
      });
      options.onBuilt?.(app);
      return { routes: app.routes, workers: app.workers, openapi: BOOKING_API_INFO };
    },
  });
}
