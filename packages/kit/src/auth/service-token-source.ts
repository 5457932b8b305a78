// Service-to-service access tokens: fetched from identity with the OAuth2 client-credentials grant and cached.
import { z } from 'zod';
import { ConfigError } from '../config/index.ts';
import { AppError } from '../errors/index.ts';

/** Hands out a bearer token of role `service` for calls to other Marquee services. */
export interface ServiceTokenSource {
  /** A token valid for at least a little while; rejects with AppError 'unavailable' when none can be had. */
  token(): Promise<string>;
  /** Forgets the cached token (e.g. after another service answered 401), so the next token() fetches anew. */
  invalidate(): void;
}

export interface ServiceTokenSourceOptions {
  /** Identity's token endpoint, e.g. `http://identity/api/auth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Fetch a new token this many seconds before the current one expires; default 60. */
  refreshBeforeSeconds?: number;
  /** Give up on identity after this long; default 5000. */
  timeoutMs?: number;
  /** Milliseconds since the epoch; for tests that move time. */
  now?: () => number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'must be Bearer'),
  expires_in: z.number().positive(),
});

/** RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded. */
const formEncode = (value: string) => new URLSearchParams([['v', value]]).toString().slice(2);

/** The `Authorization: Basic` value for a client (also what identity's tests authenticate with). */
export const basicCredentials = (clientId: string, clientSecret: string) =>
  'Basic ' + Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');

const RETRY_AFTER_FAILURE_MS = 5_000;

const tokenUnavailable = (cause: unknown) =>
  new AppError('unavailable', 'A service token could not be obtained from identity.', {
    cause,
    retryAfterSeconds: 5,
  });

export function createServiceTokenSource(options: ServiceTokenSourceOptions): ServiceTokenSource {
  const doFetch = options.fetch ?? fetch;
  const refreshBeforeMs = (options.refreshBeforeSeconds ?? 60) * 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  const authorization = basicCredentials(options.clientId, options.clientSecret);

  let cached: { token: string; refreshAt: number; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  // Bumped by invalidate(): a request started before it must not refill the cache it emptied.
  let generation = 0;
  // After a failed refresh in the background, the next one waits a little: identity is likely down.
  let retryAt = 0;

  async function request(): Promise<{ token: string; usableMs: number; lifetimeMs: number }> {
    let response: Response;
    try {
      response = await doFetch(options.tokenUrl, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw tokenUnavailable(err);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const detail = z.object({ error: z.string() }).safeParse(body);
      const reason = detail.success ? detail.data.error : 'no OAuth error';
      throw tokenUnavailable(new Error(`token endpoint answered ${response.status} (${reason})`));
    }
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw tokenUnavailable(new Error('token endpoint answered an unexpected body'));
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    // A lifetime shorter than the refresh margin would mean no caching at all; keep half of it.
    const usableMs =
      lifetimeMs > refreshBeforeMs ? lifetimeMs - refreshBeforeMs : Math.floor(lifetimeMs / 2);
    return { token: parsed.data.access_token, usableMs, lifetimeMs };
  }

  function refresh(): Promise<string> {
    const startedIn = generation;
    // Measured from before the request, so the cache never outlives the token.
    const startedAt = now();
    const pending = request().then(
      ({ token, usableMs, lifetimeMs }) => {
        if (startedIn === generation) {
          cached = { token, refreshAt: startedAt + usableMs, expiresAt: startedAt + lifetimeMs };
          inFlight = undefined;
        }
        return token;
      },
      (err: unknown) => {
        if (startedIn === generation) {
          inFlight = undefined;
          retryAt = now() + RETRY_AFTER_FAILURE_MS;
        }
        throw err;
      },
    );
    inFlight = pending;
    return pending;
  }

  return {
    token() {
      const at = now();
      if (cached && at < cached.refreshAt) return Promise.resolve(cached.token);
      if (cached && at < cached.expiresAt) {
        // Inside the refresh margin the current token still works: hand it out at once and
        // refresh behind it, so callers neither wait for identity nor notice a short outage.
        if (!inFlight && at >= retryAt) refresh().catch(() => {});
        return Promise.resolve(cached.token);
      }
      return inFlight ?? refresh();
    },
    invalidate() {
      generation += 1;
      cached = undefined;
      inFlight = undefined;
      retryAt = 0;
    },
  };
}

/** A source that asks `fn` every time: for tests (e.g. `() => issuer.sign({role: 'service'})`). */
export function staticTokenSource(fn: () => Promise<string>): ServiceTokenSource {
  return {
    token: async () => {
      try {
        return await fn();
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw tokenUnavailable(err);
      }
    },
    invalidate: () => {},
  };
}

/** The variables of `serviceClientConfigShape` (from @marquee/kit/config) after parsing. */
export interface ServiceClientConfig {
  SERVICE_TOKEN_URL?: string | undefined;
  SERVICE_CLIENT_ID?: string | undefined;
  SERVICE_CLIENT_SECRET?: string | undefined;
}

/**
 * The token source a service's config asks for: undefined when SERVICE_TOKEN_URL is unset, a
 * ConfigError naming the missing variable when the URL is set without its credentials.
 */
export function serviceTokenSourceFromConfig(
  config: ServiceClientConfig,
  options: Pick<ServiceTokenSourceOptions, 'fetch' | 'refreshBeforeSeconds' | 'timeoutMs'> = {},
): ServiceTokenSource | undefined {
  const tokenUrl = config.SERVICE_TOKEN_URL;
  if (!tokenUrl) return undefined;
  const missing = (['SERVICE_CLIENT_ID', 'SERVICE_CLIENT_SECRET'] as const).filter(
    (name) => !config[name],
  );
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((variable) => ({
        variable,
        message: 'is required when SERVICE_TOKEN_URL is set',
      })),
    );
  }
  return createServiceTokenSource({
    ...options,
    tokenUrl,
    clientId: config.SERVICE_CLIENT_ID as string,
    clientSecret: config.SERVICE_CLIENT_SECRET as string,
  });
}
