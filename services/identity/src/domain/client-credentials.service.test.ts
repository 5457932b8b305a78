// The client-credentials grant's rules: who gets a token, in what order requests are refused, and
// how failures are throttled (per client id and address, so nobody can lock a service out).
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@marquee/kit/logging';
import { createAccessTokenIssuer } from './access-tokens.ts';
import {
  createClientCredentialsGrant,
  OAuthError,
  type ClientCredentialsRequest,
} from './client-credentials.service.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createServiceClientVerifier, parseServiceClients } from './service-clients.ts';
import { parseSigningKey } from './signing-keys.ts';

const pem = String(
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  }),
);

async function grantFor(serviceClients: string) {
  const parsed = parseServiceClients(serviceClients);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return createClientCredentialsGrant({
    clients: createServiceClientVerifier(parsed.clients),
    accessTokens: createAccessTokenIssuer({ key: await parseSigningKey(pem), ttlSeconds: 300 }),
    throttle: createLoginThrottle({
      backend: { kind: 'memory' },
      limits: {
        maxFailuresPerAccount: 2,
        accountWindowSeconds: 900,
        maxFailuresPerIp: 4,
        ipWindowSeconds: 3600,
      },
    }),
    logger: createLogger({ service: 'identity-test', level: 'silent' }),
  });
}

const request = (overrides: Partial<ClientCredentialsRequest> = {}): ClientCredentialsRequest => ({
  grantType: 'client_credentials',
  clientId: 'booking',
  clientSecret: 's3cr3t',
  ip: '10.0.0.1',
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<OAuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OAuthError)) throw new Error(`expected an OAuthError, got ${String(err)}`);
  return err;
}

describe('client-credentials grant', () => {
  it('issues a service token whose subject is the client id', async () => {
    const grant = await grantFor('booking:s3cr3t');
    const issued = await grant.exchange(request());
    expect(issued.expiresIn).toBe(300);
    const claims = decodeJwt(issued.token);
    expect(claims).toMatchObject({ sub: 'booking', role: 'service' });
    expect(claims).not.toHaveProperty('email');
  });

  it('answers invalid_client to everyone when no client is configured', async () => {
    const grant = await grantFor('');
    expect((await refusal(grant.exchange(request()))).code).toBe('invalid_client');
  });

  it('answers invalid_client without credentials or with a wrong secret', async () => {
    const grant = await grantFor('booking:s3cr3t');
    const missing = request({ clientId: undefined, clientSecret: undefined });
    expect((await refusal(grant.exchange(missing))).code).toBe('invalid_client');
    const wrong = request({ clientSecret: 'guess' });
    expect((await refusal(grant.exchange(wrong))).code).toBe('invalid_client');
  });

  it('checks the grant type only once the client is authenticated', async () => {
    const grant = await grantFor('booking:s3cr3t');
    const password = request({ grantType: 'password' });
    expect((await refusal(grant.exchange(password))).code).toBe('unsupported_grant_type');
    const stranger = request({ grantType: 'password', clientSecret: 'guess' });
    expect((await refusal(grant.exchange(stranger))).code).toBe('invalid_client');
  });

  it('refuses a client at its failure limit from that address only, even with the right secret', async () => {
    const grant = await grantFor('booking:s3cr3t');
    for (let i = 0; i < 2; i++) await refusal(grant.exchange(request({ clientSecret: 'guess' })));
    const blocked = await refusal(grant.exchange(request()));
    expect(blocked.code).toBe('invalid_client');
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    // The real service, calling from its own address, is not locked out by someone else's guesses.
    const elsewhere = await grant.exchange(request({ ip: '10.0.0.2' }));
    expect(elsewhere.token).toBeTruthy();
  });

  it("forgets a client's failures once it authenticates", async () => {
    const grant = await grantFor('booking:s3cr3t');
    await refusal(grant.exchange(request({ clientSecret: 'guess' })));
    await grant.exchange(request());
    await refusal(grant.exchange(request({ clientSecret: 'guess' })));
    expect((await grant.exchange(request())).token).toBeTruthy();
  });

  it('also limits failures per address across client ids', async () => {
    const grant = await grantFor('booking:s3cr3t');
    for (const id of ['a', 'b', 'c', 'd']) {
      await refusal(grant.exchange(request({ clientId: id, clientSecret: 'guess' })));
    }
    expect((await refusal(grant.exchange(request()))).retryAfterSeconds).toBeGreaterThan(0);
  });
});
