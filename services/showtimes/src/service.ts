// The showtimes service's start: read the configuration, build the verifier and the catalog
// client, load the demo schedule when asked, and run.
import { fileURLToPath } from 'node:url';
import { createJwksVerifier, type TokenVerifier } from '@marquee/kit/auth';
import { ConfigError, parseConfig } from '@marquee/kit/config';
import type { Logger } from '@marquee/kit/logging';
import { runService, type RunningService, type SharedInfrastructure } from '@marquee/kit/runtime';
import { buildShowtimes, SERVICE_NAME, SHOWTIMES_API_INFO } from './app.ts';
import { createCatalogClient } from './catalog/catalog.client.ts';
import { showtimesConfigSchema, type ShowtimesConfig } from './config.ts';
import { seedDemoSchedule } from './domain/demo/seed-demo-schedule.ts';

export { buildShowtimes, SHOWTIMES_API_INFO, type Showtimes, type ShowtimesDeps } from './app.ts';
export {
  createCatalogClient,
  type CatalogClient,
  type CatalogClientOptions,
} from './catalog/catalog.client.ts';
export { showtimesConfigSchema, type ShowtimesConfig } from './config.ts';
export {
  checkInventoryInvariants,
  INVARIANTS,
  type InventoryViolation,
} from './db/inventory-invariants.ts';
export { seedDemoSchedule, type SeedScheduleResult } from './domain/demo/seed-demo-schedule.ts';

export const SHOWTIMES_MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface StartShowtimesOptions {
  /** The embedded launcher's in-process bus (and, in tests, a cache). */
  shared?: SharedInfrastructure;
  /** Verifies access tokens; defaults to identity's JWKS at JWKS_URL. */
  verifier?: TokenVerifier;
  logger?: Logger;
  /** Load the demo schedule when there are no showtimes, whatever SEED_DEMO_DATA says. */
  seedDemoData?: boolean;
  handleSignals?: boolean;
  /** "Now" for every rule; tests pass one they move. */
  clock?: () => Date;
}

function verifierFrom(config: ShowtimesConfig): TokenVerifier {
  if (!config.JWKS_URL) {
    throw new ConfigError([{ variable: 'JWKS_URL', message: "is required: identity's JWKS URL" }]);
  }
  return createJwksVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}

function catalogUrlFrom(config: ShowtimesConfig): string {
  if (!config.CATALOG_URL) {
    throw new ConfigError([
      {
        variable: 'CATALOG_URL',
        message: "is required: the catalog service's base URL, e.g. http://catalog:8080",
      },
    ]);
  }
  return config.CATALOG_URL;
}

export async function startShowtimes(
  env: Record<string, string | undefined> = process.env,
  options: StartShowtimesOptions = {},
): Promise<RunningService> {
  const config = parseConfig(showtimesConfigSchema, env);
  const catalog = createCatalogClient({ baseUrl: catalogUrlFrom(config) });
  const verifier = options.verifier ?? verifierFrom(config);
  const clock = options.clock ?? (() => new Date());
  return runService({
    name: SERVICE_NAME,
    config,
    migrationsFolder: SHOWTIMES_MIGRATIONS,
    shared: options.shared,
    logger: options.logger,
    handleSignals: options.handleSignals,
    build: async ({ db, logger, cache, metrics, notifyOutbox }) => {
      if (options.seedDemoData ?? config.SEED_DEMO_DATA) {
        const timings = {
          trailerMinutes: config.TRAILER_MINUTES,
          cleaningMinutes: config.CLEANING_MINUTES,
        };
        // The demo is a convenience: a catalog that is not there yet must not stop the service.
        await seedDemoSchedule({ db: db.db, catalog, clock, timings }).then(
          (seeded) => {
            if (seeded.seeded) logger.info(seeded, 'demo schedule loaded');
          },
          (err: unknown) => logger.error({ err }, 'demo schedule not loaded'),
        );
      }
      const showtimes = buildShowtimes({
        config,
        logger,
        db: db.db,
        verifier,
        cache,
        catalog,
        clock,
        notifyOutbox,
        registry: metrics.registry,
      });
      return { routes: showtimes.routes, workers: showtimes.workers, openapi: SHOWTIMES_API_INFO };
    },
  });
}
