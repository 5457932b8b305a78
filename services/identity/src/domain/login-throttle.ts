// Slows password guessing: counts failed logins per account and per client address, and refuses
// further attempts (429 with Retry-After) once either count reaches its limit in its window.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { rateLimited } from '@marquee/kit/errors';

/** Where failure counts live: Redis when connected (shared by replicas), process memory when embedded. */
export type ThrottleBackend = { kind: 'memory' } | { kind: 'redis'; client: Redis };

export interface LoginThrottleLimits {
  /** Failed logins for one email before it is refused (default 5)... */
  maxFailuresPerAccount: number;
  /** ...within this many seconds of the first failure (default 900). */
  accountWindowSeconds: number;
  /** Failed logins from one client address before it is refused (default 50)... */
  maxFailuresPerIp: number;
  /** ...within this many seconds (default 3600). */
  ipWindowSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE_LIMITS: LoginThrottleLimits = {
  maxFailuresPerAccount: 5,
  accountWindowSeconds: 15 * 60,
  maxFailuresPerIp: 50,
  ipWindowSeconds: 60 * 60,
};

export interface LoginAttempt {
  /** Normalised (lower-case) email. */
  email: string;
  /** Client address as the service sees it (behind the gateway: from X-Forwarded-For). */
  ip: string;
}

export interface LoginThrottle {
  /** Throws AppError rate_limited (with retryAfterSeconds) if the account or the address is blocked. */
  assertAllowed(attempt: LoginAttempt): Promise<void>;
  recordFailure(attempt: LoginAttempt): Promise<void>;
  /** A successful login clears the account's failures (the address keeps its count). */
  recordSuccess(attempt: LoginAttempt): Promise<void>;
}

export interface LoginThrottleDeps {
  backend: ThrottleBackend;
  limits?: LoginThrottleLimits;
  /**
   * Prefix of every key. Redis keys are `<prefix>:account:<sha256(email)>` and
   * `<prefix>:ip:<address>`; the email is hashed so Redis never holds addresses of people.
   */
  keyPrefix?: string;
}

export const DEFAULT_LOGIN_THROTTLE_PREFIX = 'marquee:identity:login-failures';

const accountKey = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 32);

function createLimiter(
  backend: ThrottleBackend,
  keyPrefix: string,
  points: number,
  duration: number,
): RateLimiterAbstract {
  if (backend.kind === 'memory') return new RateLimiterMemory({ keyPrefix, points, duration });
  return new RateLimiterRedis({
    storeClient: backend.client,
    keyPrefix,
    points,
    duration,
    // Losing Redis must not open the gates nor lock everyone out: count in memory meanwhile.
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
  });
}

export function createLoginThrottle(deps: LoginThrottleDeps): LoginThrottle {
  const limits = deps.limits ?? DEFAULT_LOGIN_THROTTLE_LIMITS;
  const prefix = deps.keyPrefix ?? DEFAULT_LOGIN_THROTTLE_PREFIX;
  const perAccount = createLimiter(
    deps.backend,
    `${prefix}:account`,
    limits.maxFailuresPerAccount,
    limits.accountWindowSeconds,
  );
  const perIp = createLimiter(
    deps.backend,
    `${prefix}:ip`,
    limits.maxFailuresPerIp,
    limits.ipWindowSeconds,
  );

  const blockedFor = async (limiter: RateLimiterAbstract, key: string, max: number) => {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= max
      ? Math.max(1, Math.ceil(state.msBeforeNext / 1000))
      : 0;
  };

  return {
    async assertAllowed({ email, ip }) {
      const [accountWait, ipWait] = await Promise.all([
        blockedFor(perAccount, accountKey(email), limits.maxFailuresPerAccount),
        blockedFor(perIp, ip, limits.maxFailuresPerIp),
      ]);
      const wait = Math.max(accountWait, ipWait);
      if (wait > 0) throw rateLimited('Too many failed sign-in attempts; try again later.', wait);
    },
    async recordFailure({ email, ip }) {
      // penalty() counts without rejecting: the refusal is assertAllowed's job on the next attempt.
      await Promise.all([perAccount.penalty(accountKey(email)), perIp.penalty(ip)]);
    },
    async recordSuccess({ email }) {
      await perAccount.delete(accountKey(email));
    },
  };
}
