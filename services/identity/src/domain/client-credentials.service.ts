// The OAuth2 client-credentials grant (RFC 6749 4.4): a service account trades its id and secret
// for a short-lived access token of role `service`. No refresh token: it simply asks again.
import { isAppError } from '@marquee/kit/errors';
import type { Logger } from '@marquee/kit/logging';
import type { AccessTokenIssuer, IssuedAccessToken } from './access-tokens.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { ServiceClientVerifier } from './service-clients.ts';

/** The RFC 6749 5.2 error codes this endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

/** A refusal in OAuth's terms; its description is safe to show to the caller. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  /** Set when the client is refused for too many failures: it may try again after this long. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: OAuthErrorCode, description: string, retryAfterSeconds?: number) {
    super(description);
    this.name = 'OAuthError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const SUPPORTED_GRANT_TYPE = 'client_credentials';

/**
 * Prefix of the failure counters' Redis keys: `<prefix>:account:<sha256(clientId@ip)[:32]>` and
 * `<prefix>:ip:<address>` (the login throttle's layout, under its own prefix).
 */
export const DEFAULT_CLIENT_AUTH_THROTTLE_PREFIX = 'marquee:identity:client-auth-failures';

export interface ClientCredentialsRequest {
  grantType: string;
  /** Undefined when the request carried no client authentication at all. */
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Client address, for throttling failures. */
  ip: string;
}

export interface ClientCredentialsGrant {
  /** Authenticates the client, then issues its token; throws OAuthError when it cannot. */
  exchange(request: ClientCredentialsRequest): Promise<IssuedAccessToken>;
}

export interface ClientCredentialsDeps {
  clients: ServiceClientVerifier;
  /** Issues with the service-token lifetime; same key, issuer and audience as user tokens. */
  accessTokens: AccessTokenIssuer;
  /** Failure counters keyed by client id + address (the "account" of a login attempt). */
  throttle: LoginThrottle;
  logger: Logger;
}

const badClient = () => new OAuthError('invalid_client', 'Client authentication failed.');

export function createClientCredentialsGrant(deps: ClientCredentialsDeps): ClientCredentialsGrant {
  const { clients, throttle, logger } = deps;

  // Keyed by id and address together: someone who can reach identity must not be able to lock
  // a real service out by failing on purpose under its id from elsewhere.
  const attemptOf = (clientId: string, ip: string) => ({ email: `${clientId}@${ip}`, ip });

  async function authenticate(clientId: string, secret: string, ip: string): Promise<void> {
    const attempt = attemptOf(clientId, ip);
    try {
      await throttle.assertAllowed(attempt);
    } catch (err) {
      if (isAppError(err) && err.kind === 'rate_limited') {
        throw new OAuthError(
          'invalid_client',
          'Too many failed client authentications; try again later.',
          err.retryAfterSeconds,
        );
      }
      throw err;
    }
    if (!clients.verify(clientId, secret)) {
      await throttle.recordFailure(attempt);
      logger.warn({ clientId, ip }, 'client authentication failed');
      throw badClient();
    }
    await throttle.recordSuccess(attempt);
  }

  return {
    async exchange({ grantType, clientId, clientSecret, ip }) {
      if (clientId === undefined || clientSecret === undefined) throw badClient();
      await authenticate(clientId, clientSecret, ip);
      if (grantType !== SUPPORTED_GRANT_TYPE) {
        throw new OAuthError(
          'unsupported_grant_type',
          `grant_type must be ${SUPPORTED_GRANT_TYPE}.`,
        );
      }
      const issued = await deps.accessTokens.issue({ id: clientId, role: 'service' });
      logger.debug({ clientId }, 'service token issued');
      return issued;
    },
  };
}
