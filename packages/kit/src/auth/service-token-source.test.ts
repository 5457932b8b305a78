// The token source's caching rules with a scripted token endpoint and a clock the test moves.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.ts';
import { AppError } from '../errors/index.ts';
import {
  basicCredentials,
  createServiceTokenSource,
  serviceTokenSourceFromConfig,
  staticTokenSource,
} from './service-token-source.ts';

interface Call {
  url: string;
  init: RequestInit;
}

/** A token endpoint answering from a script; each answer is a status and body, or a thrown error. */
function scriptedEndpoint(answers: (() => Response)[]) {
  const calls: Call[] = [];
  let issued = 0;
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const answer = answers.shift();
    if (answer) return answer();
    issued += 1;
    return Response.json({
      access_token: `token-${issued}`,
      token_type: 'Bearer',
      expires_in: 300,
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function sourceWith(fetch: typeof globalThis.fetch, clock: { now: number }) {
  return createServiceTokenSource({
    tokenUrl: 'http://identity.test/api/auth/token',
    clientId: 'booking',
    clientSecret: 's3cr3t',
    fetch,
    now: () => clock.now,
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

describe('createServiceTokenSource', () => {
  it('asks with client credentials in Basic and a form body', async () => {
    const endpoint = scriptedEndpoint([]);
    await sourceWith(endpoint.fetch, { now: 0 }).token();
    const [call] = endpoint.calls;
    expect(call?.url).toBe('http://identity.test/api/auth/token');
    expect(call?.init.method).toBe('POST');
    const headers = new Headers(call?.init.headers);
    expect(headers.get('authorization')).toBe(
      'Basic ' + Buffer.from('booking:s3cr3t').toString('base64'),
    );
    expect(headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(call?.init.body).toBe('grant_type=client_credentials');
  });

  it('keeps the token until refreshBeforeSeconds before it expires, then refreshes behind it', async () => {
    const clock = { now: 1_000_000 };
    const endpoint = scriptedEndpoint([]);
    const source = sourceWith(endpoint.fetch, clock);
    expect(await source.token()).toBe('token-1');
    clock.now += 239_000;
    expect(await source.token()).toBe('token-1');
    expect(endpoint.calls).toHaveLength(1);
    clock.now += 1_000; // 300 s lifetime - 60 s margin: still valid, so no caller waits
    expect(await source.token()).toBe('token-1');
    expect(endpoint.calls).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the background refresh land
    expect(await source.token()).toBe('token-2');
    clock.now += 300_000;
    expect(await source.token()).toBe('token-3');
    expect(endpoint.calls).toHaveLength(3);
  });

  it('shares one request among concurrent callers', async () => {
    const endpoint = scriptedEndpoint([]);
    const source = sourceWith(endpoint.fetch, { now: 0 });
    const tokens = await Promise.all([source.token(), source.token(), source.token()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(endpoint.calls).toHaveLength(1);
  });

  it('fetches anew after invalidate(), even while a request is under way', async () => {
    const endpoint = scriptedEndpoint([]);
    const source = sourceWith(endpoint.fetch, { now: 0 });
    const first = source.token();
    source.invalidate();
    expect(await first).toBe('token-1');
    expect(await source.token()).toBe('token-2');
    source.invalidate();
    expect(await source.token()).toBe('token-3');
    expect(endpoint.calls).toHaveLength(3);
  });

  it.each([
    ['a refusal', () => Response.json({ error: 'invalid_client' }, { status: 401 })],
    ['a server error', () => new Response('oops', { status: 500 })],
    ['a body without a token', () => Response.json({ token_type: 'Bearer', expires_in: 300 })],
    ['a network failure', () => Promise.reject(new TypeError('fetch failed')) as never],
  ])('rejects with AppError unavailable on %s, and tries again next time', async (_, answer) => {
    const endpoint = scriptedEndpoint([answer]);
    const source = sourceWith(endpoint.fetch, { now: 0 });
    const err = await rejection(source.token());
    expect(err.kind).toBe('unavailable');
    expect(err.status).toBe(503);
    expect(err.message).not.toMatch(/s3cr3t/);
    expect(await source.token()).toBe('token-1');
  });

  it('rides out a failed early refresh on the still valid token, but not past its expiry', async () => {
    const clock = { now: 0 };
    let down = false;
    const endpoint = scriptedEndpoint([]);
    const fetch = ((...args: Parameters<typeof globalThis.fetch>) =>
      down
        ? Promise.resolve(new Response('down', { status: 503 }))
        : endpoint.fetch(...args)) as typeof globalThis.fetch;
    const source = sourceWith(fetch, clock);
    expect(await source.token()).toBe('token-1');
    down = true;
    clock.now = 250_000; // inside the refresh margin, before the 300 s expiry
    expect(await source.token()).toBe('token-1');
    expect(await source.token()).toBe('token-1');
    clock.now = 300_000;
    expect((await rejection(source.token())).kind).toBe('unavailable');
    down = false;
    expect(await source.token()).toBe('token-2');
  });

  it('caches for half the lifetime when it is shorter than the refresh margin', async () => {
    const clock = { now: 0 };
    const endpoint = scriptedEndpoint([
      () => Response.json({ access_token: 'short', token_type: 'Bearer', expires_in: 40 }),
    ]);
    const source = sourceWith(endpoint.fetch, clock);
    expect(await source.token()).toBe('short');
    clock.now = 19_000;
    expect(await source.token()).toBe('short');
    expect(endpoint.calls).toHaveLength(1);
    clock.now = 20_000;
    await source.token();
    expect(endpoint.calls).toHaveLength(2);
  });
});

describe('basicCredentials', () => {
  it('form-encodes id and secret before base64 (RFC 6749 2.3.1)', () => {
    const header = basicCredentials('booking', 'a:b c%');
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString();
    expect(decoded).toBe('booking:a%3Ab+c%25');
  });
});

describe('staticTokenSource', () => {
  it('asks its function every time and turns its failures into unavailable', async () => {
    let n = 0;
    const source = staticTokenSource(async () => `t${++n}`);
    expect([await source.token(), await source.token()]).toEqual(['t1', 't2']);
    const failing = staticTokenSource(() => Promise.reject(new Error('no')));
    expect((await rejection(failing.token())).kind).toBe('unavailable');
  });
});

describe('serviceTokenSourceFromConfig', () => {
  it('is undefined without SERVICE_TOKEN_URL', () => {
    expect(serviceTokenSourceFromConfig({})).toBeUndefined();
  });

  it('names the missing credentials when the URL is set', () => {
    let err: unknown;
    try {
      serviceTokenSourceFromConfig({ SERVICE_TOKEN_URL: 'http://identity/api/auth/token' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.variable)).toEqual([
      'SERVICE_CLIENT_ID',
      'SERVICE_CLIENT_SECRET',
    ]);
  });

  it('builds a source when all three are set', () => {
    const source = serviceTokenSourceFromConfig({
      SERVICE_TOKEN_URL: 'http://identity/api/auth/token',
      SERVICE_CLIENT_ID: 'booking',
      SERVICE_CLIENT_SECRET: 's3cr3t',
    });
    expect(source).toBeDefined();
  });
});
