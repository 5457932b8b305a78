// Identity's composition: read the configuration, load the signing key, build, run.
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@marquee/kit/config';
import type { Logger } from '@marquee/kit/logging';
import { runService, type RunningService, type SharedInfrastructure } from '@marquee/kit/runtime';
import { buildIdentity, OPENAPI_INFO, SERVICE_NAME } from './app.ts';
import { identityConfigSchema, type IdentityConfig } from './config.ts';
import { createExpiredTokenSweeper } from './db/expired-tokens.sweeper.ts';
import { createRefreshTokensRepository } from './db/refresh-tokens.repository.ts';
import { ensureAdmin, provisionDemoUsers } from './domain/demo-users.ts';
import {
  loadOrCreateSigningKey,
  parseSigningKey,
  signingKeyFile,
  type SigningKey,
} from './domain/signing-keys.ts';

export {
  createIdentityApp,
  buildIdentity,
  seedDemoUsers,
  DEMO_USERS,
  type IdentityDeps,
} from './app.ts';
export { identityConfigSchema, type IdentityConfig } from './config.ts';

export const IDENTITY_MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface StartIdentityOptions {
  /** The embedded launcher's in-process bus, cache and database template. */
  shared?: SharedInfrastructure;
  logger?: Logger;
  /** Create the demo accounts on a first start, whatever SEED_DEMO_DATA says. */
  seedDemoData?: boolean;
  handleSignals?: boolean;
}

/** JWT_PRIVATE_KEY when given; otherwise the key kept in (or first generated into) the data folder. */
async function signingKeyFor(
  config: IdentityConfig,
  dataDir: string,
  logger: Logger,
): Promise<SigningKey> {
  if (config.JWT_PRIVATE_KEY) return parseSigningKey(config.JWT_PRIVATE_KEY);
  const file = signingKeyFile(dataDir);
  if (config.DATABASE_URL) {
    logger.warn(
      { file },
      'JWT_ALLOW_GENERATED_KEY: signing with a key from the data folder (development only)',
    );
  }
  return loadOrCreateSigningKey(file);
}

export async function startIdentity(
  env: Record<string, string | undefined> = process.env,
  options: StartIdentityOptions = {},
): Promise<RunningService> {
  const config = parseConfig(identityConfigSchema, env);
  return runService({
    name: SERVICE_NAME,
    config,
    migrationsFolder: IDENTITY_MIGRATIONS,
    shared: options.shared,
    logger: options.logger,
    handleSignals: options.handleSignals,
    build: async ({ db, logger, redis, dataDir }) => {
      const key = await signingKeyFor(config, dataDir, logger);
      const identity = buildIdentity({
        config,
        logger,
        db: db.db,
        keys: [key],
        throttle: redis ? { kind: 'redis', client: redis } : { kind: 'memory' },
      });
      if (options.seedDemoData ?? config.SEED_DEMO_DATA)
        await provisionDemoUsers({ users: identity.users, logger });
      if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
        await ensureAdmin(
          { users: identity.users, logger },
          { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, name: config.ADMIN_NAME },
        );
      }
      logger.info({ kid: key.kid, alg: key.alg }, 'signing access tokens');
      const sweeper = createExpiredTokenSweeper({
        refreshTokens: createRefreshTokensRepository(db.db),
        logger,
      });
      return { routes: identity.routes, openapi: OPENAPI_INFO, workers: [sweeper] };
    },
  });
}
