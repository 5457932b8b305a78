// Verifies access tokens against identity's public keys, fetched from its JWKS or given locally.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWK,
  type JWSAlgorithm,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { AppError } from '../errors/index.ts';
import { isRole, type Principal, type TokenVerifier } from './principal.ts';
import {
  createVerifiedTokenCache,
  DEFAULT_VERIFIED_TOKENS,
  type VerifiedTokenCache,
} from './verified-token-cache.ts';

/**
 * Only asymmetric signatures: a verifier that also accepted HS256 could be fooled by a token
 * "signed" with the public key as an HMAC secret, and `none` is never acceptable.
 */
export const ACCEPTED_ALGORITHMS: readonly JWSAlgorithm[] = ['ES256', 'EdDSA'];

/** Seconds of clock skew tolerated between identity and the verifying service. */
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

export interface TokenExpectations {
  issuer: string;
  audience: string;
  /** Seconds (or a jose duration like '30s'); defaults to 5 seconds. */
  clockTolerance?: number | string;
}

export interface JwksVerifierOptions extends TokenExpectations {
  jwksUrl: string | URL;
  /** Minimum milliseconds between two fetches caused by an unknown `kid` (default 30 000). */
  cooldownDuration?: number;
  /** Milliseconds a fetched key set is trusted before it is fetched again (default 600 000). */
  cacheMaxAge?: number;
  /** Milliseconds to wait for the JWKS response (default 5 000). */
  timeoutDuration?: number;
  /** Verified tokens remembered (default 10 000; 0 checks every signature): see verifiedTokenCache. */
  verifiedTokens?: number;
}

export interface KeySetVerifierOptions extends TokenExpectations {
  /** Public keys (private members are dropped), or a function returning the current ones. */
  keys: JWK[] | (() => Promise<JWK[]>);
}

const invalidToken = (cause: unknown) =>
  new AppError('unauthenticated', 'The access token is not valid.', { cause });

/** Raised by a key lookup that failed for reasons outside the token: the verdict must be 503, not 401. */
class KeySetUnavailable extends Error {}

/** Errors a key set raises because of the token it was asked about (unknown kid, unusable alg). */
const isTokenFault = (err: unknown) =>
  err instanceof errors.JWKSNoMatchingKey ||
  err instanceof errors.JWKSMultipleMatchingKeys ||
  err instanceof errors.JOSENotSupported ||
  err instanceof errors.JOSEAlgNotAllowed;

function guardKeyLookup(getKey: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await getKey(header, token);
    } catch (err) {
      if (isTokenFault(err)) throw err;
      throw new KeySetUnavailable('the key set could not be loaded', { cause: err });
    }
  };
}

function principalFrom(payload: JWTPayload): Principal {
  const { sub, role, email } = payload;
  if (typeof sub !== 'string' || sub.length === 0)
    throw invalidToken(new Error('token has no subject'));
  if (!isRole(role)) throw invalidToken(new Error('token has no known role'));
  if (email !== undefined && typeof email !== 'string')
    throw invalidToken(new Error('token email is not a string'));
  return email === undefined ? { userId: sub, role } : { userId: sub, role, email };
}

function createVerifier(
  getKey: JWTVerifyGetKey,
  expect: TokenExpectations,
  remembered?: VerifiedTokenCache,
): TokenVerifier {
  const guardedKey = guardKeyLookup(getKey);
  return {
    async verify(token) {
      const known = remembered?.get(token, Date.now());
      if (known) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, guardedKey, {
          algorithms: [...ACCEPTED_ALGORITHMS],
          issuer: expect.issuer,
          audience: expect.audience,
          clockTolerance: expect.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (err) {
        if (err instanceof KeySetUnavailable) {
          throw new AppError(
            'unavailable',
            'Access tokens cannot be verified right now; try again shortly.',
            {
              cause: err.cause,
              retryAfterSeconds: 5,
            },
          );
        }
        if (err instanceof errors.JWTExpired) {
          throw new AppError('unauthenticated', 'The access token has expired.', { cause: err });
        }
        if (err instanceof errors.JOSEError) throw invalidToken(err);
        throw err;
      }
      const principal = principalFrom(payload);
      remembered?.set(token, principal, (payload.exp as number) * 1000, Date.now());
      return principal;
    },
  };
}

/**
 * Verifies tokens against a remote JWKS (identity's /.well-known/jwks.json). The key set is cached;
 * an unknown `kid` refetches it at most once per cooldown, so rotated keys are picked up without a
 * restart. An unreachable JWKS yields AppError 'unavailable' (503).
 */
export function createJwksVerifier(options: JwksVerifierOptions): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.cooldownDuration,
    cacheMaxAge: options.cacheMaxAge,
    timeoutDuration: options.timeoutDuration,
  });
  const size = options.verifiedTokens ?? DEFAULT_VERIFIED_TOKENS;
  return createVerifier(jwks, options, size > 0 ? createVerifiedTokenCache(size) : undefined);
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

/** The public part of a JWK, so a signer's own key records can be handed over as they are. */
export function publicJwk(jwk: JWK): JWK {
  return Object.fromEntries(
    Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)),
  ) as JWK;
}

const localKeySet = (keys: JWK[]) =>
  createLocalJWKSet({ keys: keys.map(publicJwk) } satisfies JSONWebKeySet);

/** Verifies tokens against a key set held in process (identity checking the tokens it signed). */
export function createKeySetVerifier(options: KeySetVerifierOptions): TokenVerifier {
  const { keys } = options;
  if (Array.isArray(keys)) return createVerifier(localKeySet(keys), options);
  return createVerifier(async (header, token) => localKeySet(await keys())(header, token), options);
}
