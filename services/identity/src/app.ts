// Identity's composition: services and routes built from what service.ts (or a test) hands over.
import type { Express } from 'express';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  type TokenVerifier,
} from '@marquee/kit/auth';
import type { Database } from '@marquee/kit/db';
import {
  createRoutes,
  createServiceApp,
  type Metrics,
  type ReadinessChecks,
  type Routes,
} from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
import type { IdentityConfig } from './config.ts';
import { createRefreshTokensRepository } from './db/refresh-tokens.repository.ts';
import { createUsersRepository } from './db/users.repository.ts';
import { createAccessTokenIssuer } from './domain/access-tokens.ts';
import {
  createClientCredentialsGrant,
  DEFAULT_CLIENT_AUTH_THROTTLE_PREFIX,
  type ClientCredentialsGrant,
} from './domain/client-credentials.service.ts';
import { provisionDemoUsers } from './domain/demo-users.ts';
import { createLoginThrottle, type ThrottleBackend } from './domain/login-throttle.ts';
import { createPasswordHasher, type PasswordHasher } from './domain/passwords.ts';
import { createServiceClientVerifier } from './domain/service-clients.ts';
import { createSessionsService, type SessionsService } from './domain/sessions.service.ts';
import type { SigningKey } from './domain/signing-keys.ts';
import { createUsersService, type UsersService } from './domain/users.service.ts';
import { addAuthRoutes } from './http/auth.routes.ts';
import { addJwksRoutes } from './http/jwks.routes.ts';
import { addTokenRoutes } from './http/token.routes.ts';
import { addUserRoutes } from './http/users.routes.ts';
import { enqueueUserRegistered } from './messaging/user-events.ts';

export { DEMO_USERS } from './domain/demo-users.ts';
export type { SigningKey } from './domain/signing-keys.ts';
export type { ThrottleBackend } from './domain/login-throttle.ts';

export const SERVICE_NAME = 'identity';
export const OPENAPI_INFO = {
  title: 'Marquee identity',
  version: '1.0.0',
  description:
    'Accounts, roles, sign-in sessions, and the JWKS every service verifies access tokens with.',
};

export interface IdentityDeps {
  config: IdentityConfig;
  logger: Logger;
  db: Database;
  /** The first key signs new tokens; every key is published in the JWKS and accepted. */
  keys: readonly SigningKey[];
  /** Where failed-login counts live: Redis when connected, memory when embedded. */
  throttle: ThrottleBackend;
  /** Prefix of the throttles' Redis keys (tests give each run its own); clients add `:clients`. */
  throttleKeyPrefix?: string;
  clock?: () => Date;
  hasher?: PasswordHasher;
}

export interface Identity {
  routes: Routes;
  users: UsersService;
  sessions: SessionsService;
  verifier: TokenVerifier;
}

/** The accounts service as identity runs it: every new account is announced through the outbox. */
function createIdentityUsers(db: Database, hasher: PasswordHasher): UsersService {
  return createUsersService({ db, hasher, onRegistered: enqueueUserRegistered });
}

/** Service accounts' tokens: signed like users' tokens, with their own lifetime and throttle. */
function createServiceGrant(
  deps: IdentityDeps,
  signingKey: SigningKey,
  clock: () => Date,
): ClientCredentialsGrant {
  const { config } = deps;
  return createClientCredentialsGrant({
    clients: createServiceClientVerifier(config.SERVICE_CLIENTS),
    accessTokens: createAccessTokenIssuer({
      key: signingKey,
      ttlSeconds: config.SERVICE_TOKEN_TTL_SECONDS,
      clock,
    }),
    throttle: createLoginThrottle({
      backend: deps.throttle,
      keyPrefix: deps.throttleKeyPrefix
        ? `${deps.throttleKeyPrefix}:clients`
        : DEFAULT_CLIENT_AUTH_THROTTLE_PREFIX,
      limits: {
        maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        accountWindowSeconds: config.LOGIN_ACCOUNT_WINDOW_SECONDS,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        ipWindowSeconds: config.LOGIN_IP_WINDOW_SECONDS,
      },
    }),
    logger: deps.logger,
  });
}

export function buildIdentity(deps: IdentityDeps): Identity {
  const { config, logger, db } = deps;
  const [signingKey] = deps.keys;
  if (!signingKey) throw new Error('identity needs at least one signing key');
  const clock = deps.clock ?? (() => new Date());
  const hasher = deps.hasher ?? createPasswordHasher();

  const verifier = createKeySetVerifier({
    keys: deps.keys.map((key) => key.publicJwk),
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const users = createIdentityUsers(db, hasher);
  const sessions = createSessionsService({
    users: createUsersRepository(db),
    refreshTokens: createRefreshTokensRepository(db),
    hasher,
    accessTokens: createAccessTokenIssuer({
      key: signingKey,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      clock,
    }),
    throttle: createLoginThrottle({
      backend: deps.throttle,
      keyPrefix: deps.throttleKeyPrefix,
      limits: {
        maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        accountWindowSeconds: config.LOGIN_ACCOUNT_WINDOW_SECONDS,
        maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
        ipWindowSeconds: config.LOGIN_IP_WINDOW_SECONDS,
      },
    }),
    refreshTokenTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
    clock,
    logger,
  });

  const routes = createRoutes({ verifier });
  addAuthRoutes(routes, { users, sessions });
  addTokenRoutes(routes, {
    grant: createServiceGrant(deps, signingKey, clock),
    bodyLimit: config.BODY_LIMIT,
  });
  addUserRoutes(routes, { users });
  addJwksRoutes(routes, { keys: deps.keys });
  return { routes, users, sessions, verifier };
}

/** The whole identity HTTP app (health, metrics, OpenAPI, problem+json included). */
export function createIdentityApp(
  deps: IdentityDeps & { metrics?: Metrics; readiness?: ReadinessChecks },
): Express {
  const { routes } = buildIdentity(deps);
  return createServiceApp({
    name: SERVICE_NAME,
    logger: deps.logger,
    routes,
    bodyLimit: deps.config.BODY_LIMIT,
    metrics: deps.metrics,
    readiness: deps.readiness,
    openapi: OPENAPI_INFO,
  });
}

/**
 * Creates the demo accounts (admin@, staff@, customer@marquee.local; passwords in DEMO_USERS and
 * docs/identity.md) when the database has no account yet; returns whether it did. For the
 * embedded platform's first start.
 */
export async function seedDemoUsers(deps: {
  db: Database;
  logger: Logger;
  hasher?: PasswordHasher;
}): Promise<boolean> {
  const users = createIdentityUsers(deps.db, deps.hasher ?? createPasswordHasher());
  return provisionDemoUsers({ users, logger: deps.logger });
}
