// Security tests of access-token verification against a JWKS served over real HTTP.
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './principal.ts';
import {
  createTestIssuer,
  serveJwks,
  type TestIssuer,
  type TestJwksServer,
} from './test-issuer.ts';
import { createJwksVerifier, createKeySetVerifier } from './token-verifier.ts';

const expected = { issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE };
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected the verifier to reject').toBeInstanceOf(AppError);
  return err as AppError;
}

const expectUnauthenticated = async (
  promise: Promise<unknown>,
  message = 'The access token is not valid.',
) => {
  const err = await rejection(promise);
  expect({ kind: err.kind, status: err.status, message: err.message }).toEqual({
    kind: 'unauthenticated',
    status: 401,
    message,
  });
};

let issuer: TestIssuer;
let jwksServer: TestJwksServer;

beforeAll(async () => {
  issuer = await createTestIssuer();
  jwksServer = await serveJwks(() => issuer.jwks());
});
afterAll(() => jwksServer.close());

const verifier = () => createJwksVerifier({ jwksUrl: jwksServer.url, ...expected });

describe('createJwksVerifier', () => {
  it('accepts a valid token and returns its principal', async () => {
    const token = await issuer.sign({ sub: 'user-42', role: 'staff', email: 'sam@example.test' });
    await expect(verifier().verify(token)).resolves.toEqual({
      userId: 'user-42',
      role: 'staff',
      email: 'sam@example.test',
    });
  });

  it('rejects an expired token, saying it expired', async () => {
    const token = await issuer.sign({}, { expiresIn: nowSeconds() - 60 });
    await expectUnauthenticated(verifier().verify(token), 'The access token has expired.');
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await issuer.sign({}, { notBefore: nowSeconds() + 120 });
    await expectUnauthenticated(verifier().verify(token));
  });

  it('rejects a token for another audience', async () => {
    const token = await issuer.sign({}, { audience: 'some-other-api' });
    await expectUnauthenticated(verifier().verify(token));
  });

  it('rejects a token from another issuer', async () => {
    const token = await issuer.sign({}, { issuer: 'https://evil.example' });
    await expectUnauthenticated(verifier().verify(token));
  });

  it('rejects an unsigned token (alg none)', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const claims = {
      sub: 'user-1',
      role: 'admin',
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: nowSeconds(),
      exp: nowSeconds() + 300,
    };
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${encode({ alg, typ: 'JWT', kid: issuer.current.kid })}.${encode(claims)}.`;
      await expectUnauthenticated(verifier().verify(token));
    }
  });

  it('rejects an HS256 token whose secret is the public key', async () => {
    const publicPem = await exportSPKI(issuer.current.publicKey);
    const secrets = [Buffer.from(publicPem), Buffer.from(JSON.stringify(issuer.current.publicJwk))];
    for (const secret of secrets) {
      const token = await new SignJWT({ sub: 'user-1', role: 'admin' })
        .setProtectedHeader({ alg: 'HS256', kid: issuer.current.kid })
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setExpirationTime('5m')
        .sign(secret);
      await expectUnauthenticated(verifier().verify(token));
    }
  });

  it('rejects algorithms outside the allow-list even when the JWKS publishes a matching key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const es384Jwk = { ...(await exportJWK(publicKey)), kid: 'es384-key', alg: 'ES384' };
    const server = await serveJwks(() => ({ keys: [...issuer.jwks().keys, es384Jwk] }));
    try {
      const token = await new SignJWT({ sub: 'user-1', role: 'admin' })
        .setProtectedHeader({ alg: 'ES384', kid: 'es384-key' })
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setExpirationTime('5m')
        .sign(privateKey);
      await expectUnauthenticated(
        createJwksVerifier({ jwksUrl: server.url, ...expected }).verify(token),
      );
    } finally {
      await server.close();
    }
  });

  it('rejects a token signed by another key under a trusted kid', async () => {
    const forger = await createTestIssuer({ kid: issuer.current.kid });
    const token = await forger.sign({ role: 'admin' });
    await expectUnauthenticated(verifier().verify(token));
  });

  it('rejects tokens without a subject or with an unknown role', async () => {
    const v = verifier();
    await expectUnauthenticated(v.verify(await issuer.sign({ sub: undefined })));
    await expectUnauthenticated(v.verify(await issuer.sign({ role: undefined })));
    await expectUnauthenticated(v.verify(await issuer.sign({ role: 'superuser' })));
    await expectUnauthenticated(v.verify(await issuer.sign({ email: 42 })));
  });

  it('remembers a verified token by its exact text only', async () => {
    const v = verifier();
    const token = await issuer.sign({ sub: 'again' });
    await expect(v.verify(token)).resolves.toMatchObject({ userId: 'again' });
    await expect(v.verify(token)).resolves.toMatchObject({ userId: 'again' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = base64url.encode(
      JSON.stringify({
        ...JSON.parse(new TextDecoder().decode(base64url.decode(payload))),
        role: 'admin',
      }),
    );
    await expectUnauthenticated(v.verify(`${header}.${forged}.${signature}`));
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    await expectUnauthenticated(v.verify(`${header}.${payload}.${flipped}`));
  });

  it('rejects garbage', async () => {
    await expectUnauthenticated(verifier().verify('not-a-jwt'));
    await expectUnauthenticated(verifier().verify(''));
  });
});

describe('key rotation and JWKS availability', () => {
  it('caches the key set, then refetches it when a token names an unknown kid', async () => {
    const rotating = await createTestIssuer();
    const server = await serveJwks(() => rotating.jwks());
    try {
      const v = createJwksVerifier({ jwksUrl: server.url, ...expected, cooldownDuration: 0 });
      const before = await rotating.sign({ sub: 'before' });
      await expect(v.verify(before)).resolves.toMatchObject({ userId: 'before' });
      await expect(v.verify(before)).resolves.toMatchObject({ userId: 'before' });
      expect(server.fetches()).toBe(1);

      await rotating.rotate();
      const after = await rotating.sign({ sub: 'after' });
      await expect(v.verify(after)).resolves.toMatchObject({ userId: 'after' });
      expect(server.fetches()).toBe(2);
      await expect(v.verify(before)).resolves.toMatchObject({ userId: 'before' });
    } finally {
      await server.close();
    }
  });

  it('does not refetch for unknown kids within the cooldown', async () => {
    const rotating = await createTestIssuer();
    const server = await serveJwks(() => rotating.jwks());
    try {
      const v = createJwksVerifier({ jwksUrl: server.url, ...expected });
      await v.verify(await rotating.sign());
      await rotating.rotate();
      await expectUnauthenticated(v.verify(await rotating.sign()));
      expect(server.fetches()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('answers unavailable (503), not 401, when the JWKS cannot be reached', async () => {
    const server = await serveJwks(() => issuer.jwks());
    const url = server.url;
    await server.close();
    const err = await rejection(
      createJwksVerifier({ jwksUrl: url, ...expected }).verify(await issuer.sign()),
    );
    expect({ kind: err.kind, status: err.status }).toEqual({ kind: 'unavailable', status: 503 });
    expect(err.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch/);
  });

  it('answers unavailable when the JWKS endpoint fails', async () => {
    let up = false;
    const server = await serveJwks(() => (up ? issuer.jwks() : undefined));
    try {
      const v = createJwksVerifier({ jwksUrl: server.url, ...expected });
      const token = await issuer.sign({ sub: 'retry' });
      expect((await rejection(v.verify(token))).kind).toBe('unavailable');
      up = true;
      await expect(v.verify(token)).resolves.toMatchObject({ userId: 'retry' });
    } finally {
      await server.close();
    }
  });
});

describe('createKeySetVerifier', () => {
  it('verifies against local keys, dropping private members', async () => {
    const local = await createTestIssuer();
    const privateJwk = {
      ...(await exportJWK(local.current.privateKey)),
      kid: local.current.kid,
      alg: 'ES256',
    };
    const v = createKeySetVerifier({ keys: [privateJwk], ...expected });
    await expect(v.verify(await local.sign({ sub: 'own' }))).resolves.toMatchObject({
      userId: 'own',
    });
    await expectUnauthenticated(v.verify(await issuer.sign()));
  });

  it('reads keys from a function each time, and is unavailable when it fails', async () => {
    const local = await createTestIssuer();
    let fail = false;
    const v = createKeySetVerifier({
      keys: async () => {
        if (fail) throw new Error('key store down');
        return local.jwks().keys;
      },
      ...expected,
    });
    const token = await local.sign({ sub: 'fn' });
    await expect(v.verify(token)).resolves.toMatchObject({ userId: 'fn' });
    fail = true;
    expect((await rejection(v.verify(token))).kind).toBe('unavailable');
  });
});
