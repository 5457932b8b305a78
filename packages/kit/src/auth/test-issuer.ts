// Test support: an ES256 token issuer and a JWKS served over real HTTP, standing in for identity.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './principal.ts';

export interface TestSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestTokenOptions {
  /** jose duration ('5m') or absolute seconds since the epoch; default '5m'. */
  expiresIn?: string | number;
  /** jose duration ('5m') or absolute seconds since the epoch; unset means usable at once. */
  notBefore?: string | number;
  issuer?: string;
  audience?: string;
  /** Header `kid`; defaults to the issuer's current key. */
  kid?: string;
}

/** Claims of a test token; `sub` defaults to a fresh id and `role` to 'customer'. Pass undefined to omit one. */
export type TestClaims = Record<string, unknown>;

export interface TestIssuer {
  /** The key new tokens are signed with. */
  readonly current: TestSigningKey;
  /** Public keys of every key this issuer has had, newest last (what identity's JWKS would publish). */
  jwks(): JSONWebKeySet;
  sign(claims?: TestClaims, options?: TestTokenOptions): Promise<string>;
  /** Adds a new current key; older keys stay published so their tokens keep verifying. */
  rotate(): Promise<TestSigningKey>;
}

export async function generateTestSigningKey(kid: string = randomUUID()): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

export async function createTestIssuer(
  defaults: { issuer?: string; audience?: string; kid?: string } = {},
): Promise<TestIssuer> {
  const keys = [await generateTestSigningKey(defaults.kid)];
  const currentKey = () => keys[keys.length - 1] as TestSigningKey;
  return {
    get current() {
      return currentKey();
    },
    jwks: () => ({ keys: keys.map((k) => k.publicJwk) }),
    async sign(claims = {}, options = {}) {
      const key = currentKey();
      const jwt = new SignJWT({ sub: randomUUID(), role: 'customer', ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: options.kid ?? key.kid })
        .setIssuer(options.issuer ?? defaults.issuer ?? ACCESS_TOKEN_ISSUER)
        .setAudience(options.audience ?? defaults.audience ?? ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m');
      if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
      return jwt.sign(key.privateKey);
    },
    async rotate() {
      const key = await generateTestSigningKey();
      keys.push(key);
      return key;
    },
  };
}

export interface TestJwksServer {
  url: string;
  /** How many times the key set has been requested. */
  fetches(): number;
  close(): Promise<void>;
}

/** Serves `source()` as a JWKS on 127.0.0.1 (port 0); when it returns undefined the server answers 503. */
export async function serveJwks(source: () => JSONWebKeySet | undefined): Promise<TestJwksServer> {
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches += 1;
    const body = source();
    if (!body) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
