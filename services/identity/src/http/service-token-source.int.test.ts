// The kit's service token source against the real identity service: it gets tokens that verify,
// caches them, shares one request among concurrent callers, and turns an outage into 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createJwksVerifier,
  createServiceTokenSource,
} from '@marquee/kit/auth';
import { AppError } from '@marquee/kit/errors';
import { startTestIdentity, type TestIdentity } from './identity-app.test-support.ts';

const SECRET = 'booking-secret-0123456789';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startTestIdentity({ env: { SERVICE_CLIENTS: `booking:${SECRET}` } });
});
afterAll(() => identity.close());

/** fetch that counts what it sends to the token endpoint. */
function countingFetch() {
  const counter = { requests: 0 };
  const counted: typeof fetch = (input, init) => {
    counter.requests += 1;
    return fetch(input, init);
  };
  return { counter, fetch: counted };
}

function sourceFor(tokenUrl: string, fetchImpl: typeof fetch, clientSecret = SECRET) {
  return createServiceTokenSource({
    tokenUrl,
    clientId: 'booking',
    clientSecret,
    fetch: fetchImpl,
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('service token source against identity', () => {
  const tokenUrl = () => `${identity.url}/api/auth/token`;

  it('gets a token that other services accept as the booking service', async () => {
    const source = sourceFor(tokenUrl(), fetch);
    const verifier = createJwksVerifier({
      jwksUrl: `${identity.url}/.well-known/jwks.json`,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    expect(await verifier.verify(await source.token())).toEqual({
      userId: 'booking',
      role: 'service',
    });
  });

  it('asks identity once for two calls in a row', async () => {
    const { counter, fetch: counted } = countingFetch();
    const source = sourceFor(tokenUrl(), counted);
    const first = await source.token();
    expect(await source.token()).toBe(first);
    expect(counter.requests).toBe(1);
  });

  it('shares one request among concurrent callers', async () => {
    const { counter, fetch: counted } = countingFetch();
    const source = sourceFor(tokenUrl(), counted);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => source.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(counter.requests).toBe(1);
  });

  it('asks again after invalidate()', async () => {
    const { counter, fetch: counted } = countingFetch();
    const source = sourceFor(tokenUrl(), counted);
    const first = await source.token();
    source.invalidate();
    const second = await source.token();
    expect(counter.requests).toBe(2);
    expect(second).not.toBe(first);
  });

  it('rejects with unavailable when identity refuses the credentials', async () => {
    const err = await rejection(sourceFor(tokenUrl(), fetch, 'wrong').token());
    expect(err.kind).toBe('unavailable');
    expect(err.status).toBe(503);
  });

  it('rejects with unavailable when identity is down', async () => {
    const down = await startTestIdentity({ env: { SERVICE_CLIENTS: `booking:${SECRET}` } });
    const downUrl = `${down.url}/api/auth/token`;
    await down.close();
    const err = await rejection(sourceFor(downUrl, fetch).token());
    expect(err.kind).toBe('unavailable');
    expect(err.status).toBe(503);
  });
});
