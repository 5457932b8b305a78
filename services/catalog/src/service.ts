// The catalog's composition: read the configuration, build the verifier and routes, run.
import { fileURLToPath } from 'node:url';
import { createJwksVerifier, type TokenVerifier } from '@marquee/kit/auth';
import { ConfigError, parseConfig } from '@marquee/kit/config';
import type { Logger } from '@marquee/kit/logging';
import { runService, type RunningService, type SharedInfrastructure } from '@marquee/kit/runtime';
import { CATALOG_API_INFO, createCatalogRoutes } from './app.ts';
import { catalogConfigSchema, type CatalogConfig } from './config.ts';
import { seedDemoCatalog } from './db/demo/seed-demo-catalog.ts';

export { createCatalogApp, createCatalogRoutes, type CatalogAppDeps } from './app.ts';
export { catalogConfigSchema, type CatalogConfig } from './config.ts';
export { seedDemoCatalog, type SeedResult } from './db/demo/seed-demo-catalog.ts';

export const CATALOG_MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface StartCatalogOptions {
  /** The embedded launcher's in-process bus and cache. */
  shared?: SharedInfrastructure;
  /** Verifies access tokens; defaults to identity's JWKS at JWKS_URL. */
  verifier?: TokenVerifier;
  logger?: Logger;
  /** Seed the demo catalog when empty, whatever SEED_DEMO_DATA says. */
  seedDemoData?: boolean;
  handleSignals?: boolean;
}

function verifierFrom(config: CatalogConfig): TokenVerifier {
  if (!config.JWKS_URL) {
    throw new ConfigError([{ variable: 'JWKS_URL', message: "is required: identity's JWKS URL" }]);
  }
  return createJwksVerifier({
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
}

export async function startCatalog(
  env: Record<string, string | undefined> = process.env,
  options: StartCatalogOptions = {},
): Promise<RunningService> {
  const config = parseConfig(catalogConfigSchema, env);
  const verifier = options.verifier ?? verifierFrom(config);
  return runService({
    name: 'catalog',
    config,
    migrationsFolder: CATALOG_MIGRATIONS,
    shared: options.shared,
    logger: options.logger,
    handleSignals: options.handleSignals,
    build: async ({ db, logger }) => {
      if (options.seedDemoData ?? config.SEED_DEMO_DATA) {
        const seeded = await seedDemoCatalog(db.db);
        if (seeded.seeded) logger.info(seeded, 'demo catalog loaded');
      }
      return { routes: createCatalogRoutes({ db: db.db, verifier }), openapi: CATALOG_API_INFO };
    },
  });
}
