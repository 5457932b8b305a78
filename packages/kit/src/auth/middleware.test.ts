// Component tests of the auth guards: a small Express app on port 0, spoken to with fetch.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { authorize, bearerToken, principalOf } from './middleware.ts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type TokenVerifier } from './principal.ts';
import {
  createTestIssuer,
  serveJwks,
  type TestIssuer,
  type TestJwksServer,
} from './test-issuer.ts';
import { createJwksVerifier } from './token-verifier.ts';

// Stands in for the kit's problem+json middleware, which these tests do not depend on.
const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof AppError) res.status(err.status).json({ kind: err.kind, detail: err.message });
  else res.status(500).json({ kind: 'internal' });
};

function buildApp(verifier: TokenVerifier) {
  const app = express();
  const echo: express.RequestHandler = (_req, res) => {
    res.json({ principal: principalOf(res) ?? null });
  };
  app.get('/public', ...authorize(verifier, undefined), echo);
  app.get('/me', ...authorize(verifier, true), echo);
  app.get('/admin', ...authorize(verifier, ['admin']), echo);
  app.get('/desk', ...authorize(verifier, ['staff', 'admin']), echo);
  app.use(errorHandler);
  return app;
}

let issuer: TestIssuer;
let jwks: TestJwksServer;
let jwksUp = true;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  jwks = await serveJwks(() => (jwksUp ? issuer.jwks() : undefined));
  const verifier = createJwksVerifier({
    jwksUrl: jwks.url,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  server = buildApp(verifier).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await jwks.close();
});

const call = async (path: string, authorization?: string) => {
  const res = await fetch(baseUrl + path, { headers: authorization ? { authorization } : {} });
  return {
    status: res.status,
    challenge: res.headers.get('www-authenticate'),
    body: (await res.json()) as unknown,
  };
};

describe('authorize', () => {
  it('answers 401 with a Bearer challenge when a protected route gets no token', async () => {
    expect(await call('/me')).toEqual({
      status: 401,
      challenge: 'Bearer',
      body: { kind: 'unauthenticated', detail: 'Authentication is required.' },
    });
    expect((await call('/admin')).status).toBe(401);
  });

  it('answers 401 for a non-bearer or invalid token', async () => {
    expect(await call('/me', 'Basic dXNlcjpwYXNz')).toMatchObject({
      status: 401,
      challenge: 'Bearer error="invalid_token"',
    });
    const forged = await (await createTestIssuer({ kid: issuer.current.kid })).sign();
    expect(await call('/me', `Bearer ${forged}`)).toMatchObject({
      status: 401,
      body: { kind: 'unauthenticated' },
    });
  });

  it('lets a valid token through and exposes the principal', async () => {
    const token = await issuer.sign({ sub: 'cust-1', role: 'customer' });
    expect(await call('/me', `Bearer ${token}`)).toMatchObject({
      status: 200,
      body: { principal: { userId: 'cust-1', role: 'customer' } },
    });
  });

  it('answers 403 when a customer calls an admin route, 200 for an admin', async () => {
    const customer = await issuer.sign({ role: 'customer' });
    expect(await call('/admin', `Bearer ${customer}`)).toMatchObject({
      status: 403,
      body: { kind: 'forbidden' },
    });
    expect((await call('/desk', `Bearer ${customer}`)).status).toBe(403);

    const admin = await issuer.sign({ sub: 'boss', role: 'admin' });
    expect(await call('/admin', `Bearer ${admin}`)).toMatchObject({
      status: 200,
      body: { principal: { userId: 'boss', role: 'admin' } },
    });
    const staff = await issuer.sign({ role: 'staff' });
    expect((await call('/desk', `Bearer ${staff}`)).status).toBe(200);
  });

  it('leaves public routes open and reads no token there', async () => {
    expect(await call('/public')).toEqual({
      status: 200,
      challenge: null,
      body: { principal: null },
    });
    expect((await call('/public', 'Bearer garbage')).status).toBe(200);
  });

  it('answers 503 when the JWKS is down on first use', async () => {
    const cold = createJwksVerifier({
      jwksUrl: jwks.url,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    const app = buildApp(cold).listen(0, '127.0.0.1');
    await new Promise((resolve) => app.once('listening', resolve));
    jwksUp = false;
    try {
      const res = await fetch(`http://127.0.0.1:${(app.address() as AddressInfo).port}/me`, {
        headers: { authorization: `Bearer ${await issuer.sign()}` },
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ kind: 'unavailable' });
    } finally {
      jwksUp = true;
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
    }
  });

  it('refuses to build a protected route without a verifier', () => {
    expect(() => authorize(undefined, true)).toThrow(/verifier/);
    expect(() => authorize(undefined, ['admin'])).toThrow(/verifier/);
    expect(authorize(undefined, undefined)).toEqual([]);
  });
});

describe('bearerToken', () => {
  it('extracts the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def-_~+/=')).toBe('abc.def-_~+/=');
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });
});
