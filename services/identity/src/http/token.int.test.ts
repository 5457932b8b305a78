// POST /api/auth/token over HTTP: the client-credentials grant with Basic and body credentials,
// form and JSON bodies, OAuth error answers, throttling, and tokens that verify with the JWKS.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  basicCredentials,
  createJwksVerifier,
} from '@marquee/kit/auth';
import { startTestIdentity, type TestIdentity } from './identity-app.test-support.ts';

const SECRET = 'booking-secret-0123456789';
// A secret with what form encoding must carry through Basic: colon, space, percent, plus.
const ODD_SECRET = 'p:a ss%w+rd';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startTestIdentity({
    env: { SERVICE_CLIENTS: `booking:${SECRET},operator:${ODD_SECRET}` },
  });
});
afterAll(() => identity.close());

const FORM = 'application/x-www-form-urlencoded';

function tokenRequest(
  target: TestIdentity,
  options: {
    body: Record<string, string> | string;
    as?: 'form' | 'json';
    headers?: Record<string, string>;
  },
) {
  const as = options.as ?? 'form';
  const body =
    typeof options.body === 'string'
      ? options.body
      : as === 'form'
        ? new URLSearchParams(options.body).toString()
        : JSON.stringify(options.body);
  return fetch(`${target.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': as === 'form' ? FORM : 'application/json', ...options.headers },
    body,
  });
}

const grant = { grant_type: 'client_credentials' };
const basic = (id: string, secret: string) => ({ authorization: basicCredentials(id, secret) });

async function oauthError(res: Response, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toEqual({ error, error_description: expect.any(String) });
  return body;
}

describe('POST /api/auth/token', () => {
  it.each([
    ['Basic', 'form'],
    ['Basic', 'json'],
    ['body', 'form'],
    ['body', 'json'],
  ] as const)(
    'issues a service token with %s credentials and a %s body',
    async (credentials, as) => {
      const res = await tokenRequest(identity, {
        as,
        body:
          credentials === 'body'
            ? { ...grant, client_id: 'booking', client_secret: SECRET }
            : grant,
        headers: credentials === 'Basic' ? basic('booking', SECRET) : {},
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 300,
      });
      expect(body).not.toHaveProperty('refresh_token');

      const token = body.access_token as string;
      const verifier = createJwksVerifier({
        jwksUrl: `${identity.url}/.well-known/jwks.json`,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
      });
      expect(await verifier.verify(token)).toEqual({ userId: 'booking', role: 'service' });
      expect(decodeProtectedHeader(token).kid).toBe(identity.key.kid);
      const claims = decodeJwt(token);
      expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    },
  );

  it('carries a secret with colon, space, percent and plus through Basic', async () => {
    const res = await tokenRequest(identity, {
      body: grant,
      headers: basic('operator', ODD_SECRET),
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    expect(decodeJwt(access_token).sub).toBe('operator');
  });

  it('answers 401 invalid_client with a Basic challenge for a wrong secret', async () => {
    const res = await tokenRequest(identity, { body: grant, headers: basic('booking', 'guess') });
    await oauthError(res, 401, 'invalid_client');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('answers invalid_client for an unknown client and for no credentials at all', async () => {
    const unknown = await tokenRequest(identity, {
      as: 'json',
      body: { ...grant, client_id: 'payments', client_secret: SECRET },
    });
    await oauthError(unknown, 401, 'invalid_client');
    await oauthError(await tokenRequest(identity, { body: grant }), 401, 'invalid_client');
  });

  it('answers 400 unsupported_grant_type for another grant', async () => {
    const res = await tokenRequest(identity, {
      body: { grant_type: 'password', username: 'a', password: 'b' },
      headers: basic('booking', SECRET),
    });
    await oauthError(res, 400, 'unsupported_grant_type');
  });

  it.each([
    ['no grant_type', { body: {}, headers: basic('booking', SECRET) }],
    [
      'a repeated parameter',
      {
        body: `${new URLSearchParams(grant)}&grant_type=client_credentials`,
        headers: basic('booking', SECRET),
      },
    ],
    [
      'two ways of client authentication',
      { body: { ...grant, client_secret: SECRET }, headers: basic('booking', SECRET) },
    ],
  ] as const)('answers 400 invalid_request for %s', async (_, request) => {
    await oauthError(await tokenRequest(identity, request), 400, 'invalid_request');
  });

  it('answers 400 invalid_request for a body that is neither form nor JSON', async () => {
    const res = await fetch(`${identity.url}/api/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...basic('booking', SECRET) },
      body: 'grant_type=client_credentials',
    });
    await oauthError(res, 400, 'invalid_request');
  });

  it('gives /api/auth/me nothing to show for a service token', async () => {
    const res = await tokenRequest(identity, { body: grant, headers: basic('booking', SECRET) });
    const { access_token } = (await res.json()) as { access_token: string };
    const me = await identity.get('/api/auth/me', access_token);
    expect(me.status).toBe(403);
  });

  it('describes the endpoint in the OpenAPI document', async () => {
    const doc = (await (await identity.get('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    const token = doc.paths['/api/auth/token'] as { post: { requestBody: unknown } };
    expect(JSON.stringify(token.post.requestBody)).toContain('client_credentials');
  });
});

describe('POST /api/auth/token, configured otherwise', () => {
  let strict: TestIdentity;
  let closed: TestIdentity;
  beforeAll(async () => {
    [strict, closed] = await Promise.all([
      startTestIdentity({
        env: {
          SERVICE_CLIENTS: `booking:${SECRET}`,
          SERVICE_TOKEN_TTL_SECONDS: '120',
          LOGIN_MAX_FAILURES_PER_ACCOUNT: '2',
        },
      }),
      startTestIdentity(),
    ]);
  });
  afterAll(() => Promise.all([strict.close(), closed.close()]));

  it('gives tokens the lifetime of SERVICE_TOKEN_TTL_SECONDS', async () => {
    const res = await tokenRequest(strict, { body: grant, headers: basic('booking', SECRET) });
    const body = (await res.json()) as { access_token: string; expires_in: number };
    expect(body.expires_in).toBe(120);
    const claims = decodeJwt(body.access_token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
  });

  it('answers invalid_client to every client when SERVICE_CLIENTS is unset', async () => {
    const res = await tokenRequest(closed, { body: grant, headers: basic('booking', SECRET) });
    await oauthError(res, 401, 'invalid_client');
  });

  it('refuses a client and address after too many failures with 429 and Retry-After', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 2; i++) {
      const res = await tokenRequest(strict, {
        body: grant,
        headers: { ...basic('booking', 'guess'), ...from('203.0.113.7') },
      });
      await oauthError(res, 401, 'invalid_client');
    }
    const blocked = await tokenRequest(strict, {
      body: grant,
      headers: { ...basic('booking', SECRET), ...from('203.0.113.7') },
    });
    await oauthError(blocked, 429, 'invalid_client');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    const elsewhere = await tokenRequest(strict, {
      body: grant,
      headers: { ...basic('booking', SECRET), ...from('203.0.113.8') },
    });
    expect(elsewhere.status).toBe(200);
  });
});
