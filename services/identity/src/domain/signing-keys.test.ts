// Reading, generating and publishing the signing key; tokens signed with it verify with the kit's verifier.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeySetVerifier } from '@marquee/kit/auth';
import { createAccessTokenIssuer } from './access-tokens.ts';
import {
  jwksOf,
  loadOrCreateSigningKey,
  parseSigningKey,
  signingKeyFile,
  signingKeyProblem,
} from './signing-keys.ts';

const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

describe('parseSigningKey', () => {
  it('reads a PKCS8 PEM P-256 key as ES256 with a thumbprint kid', async () => {
    const pem = ecKey().export({ format: 'pem', type: 'pkcs8' }).toString();
    const key = await parseSigningKey(pem);
    expect(key.alg).toBe('ES256');
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.publicJwk).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      kid: key.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(key.publicJwk).not.toHaveProperty('d');
    expect((await parseSigningKey(pem)).kid).toBe(key.kid);
  });

  it('reads a private JWK and keeps its kid', async () => {
    const jwk = { ...ecKey().export({ format: 'jwk' }), kid: 'key-2024' };
    const key = await parseSigningKey(JSON.stringify(jwk));
    expect(key.kid).toBe('key-2024');
    expect(key.alg).toBe('ES256');
  });

  it('reads an Ed25519 key as EdDSA', async () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const key = await parseSigningKey(pem);
    expect(key.alg).toBe('EdDSA');
    expect(key.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
  });

  it('refuses keys it must not sign with', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    await expect(parseSigningKey(String(rsa))).rejects.toThrow(
      'must be a P-256 (ES256) or Ed25519 (EdDSA) private key',
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
      format: 'jwk',
    });
    await expect(parseSigningKey(JSON.stringify(p384))).rejects.toThrow('P-256');
    const { d: _private, ...publicOnly } = ecKey().export({ format: 'jwk' });
    await expect(parseSigningKey(JSON.stringify(publicOnly))).rejects.toThrow('private JWK');
    const jwk = { ...ecKey().export({ format: 'jwk' }), alg: 'ES384' };
    await expect(parseSigningKey(JSON.stringify(jwk))).rejects.toThrow('declares alg "ES384"');
    expect(signingKeyProblem('{not json')).toBe('is neither valid JSON (JWK) nor a PEM key');
    expect(signingKeyProblem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toBe(
      'must be a private key, not a public key',
    );
  });
});

describe('loadOrCreateSigningKey', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'identity-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a key file readable only by its owner, then keeps using it', async () => {
    const file = signingKeyFile(join(dir, 'identity'));
    const created = await loadOrCreateSigningKey(file);
    expect(created.alg).toBe('ES256');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ kty: 'EC', kid: created.kid, alg: 'ES256' });
    expect(typeof stored.d).toBe('string');
    const again = await loadOrCreateSigningKey(file);
    expect(again.kid).toBe(created.kid);
  });

  it('agrees on one key when started twice at once', async () => {
    const file = join(dir, 'race', 'signing-key.jwk.json');
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => loadOrCreateSigningKey(file)));
    expect(new Set([a?.kid, b?.kid, c?.kid]).size).toBe(1);
  });

  it('names the file when it is damaged', async () => {
    const file = join(dir, 'damaged.jwk.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'garbage'));
    await expect(loadOrCreateSigningKey(file)).rejects.toThrow(file);
  });
});

describe('issued access tokens', () => {
  it('verify against the published JWKS with the kit verifier', async () => {
    const key = await parseSigningKey(ecKey().export({ format: 'pem', type: 'pkcs8' }).toString());
    const issuer = createAccessTokenIssuer({ key, ttlSeconds: 900 });
    const issued = await issuer.issue({ id: 'user-1', email: 'a@example.com', role: 'staff' });
    expect(issued.expiresIn).toBe(900);
    const verifier = createKeySetVerifier({
      keys: jwksOf([key]).keys,
      issuer: 'marquee-identity',
      audience: 'marquee',
    });
    expect(await verifier.verify(issued.token)).toEqual({
      userId: 'user-1',
      role: 'staff',
      email: 'a@example.com',
    });
    const [header] = issued.token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'ES256',
      kid: key.kid,
      typ: 'JWT',
    });
  });

  it('expire after the configured time', async () => {
    const key = await parseSigningKey(ecKey().export({ format: 'pem', type: 'pkcs8' }).toString());
    const past = () => new Date(Date.now() - 3600_000);
    const issued = await createAccessTokenIssuer({ key, ttlSeconds: 900, clock: past }).issue({
      id: 'user-1',
      email: 'a@example.com',
      role: 'customer',
    });
    const verifier = createKeySetVerifier({
      keys: [key.publicJwk],
      issuer: 'marquee-identity',
      audience: 'marquee',
    });
    await expect(verifier.verify(issued.token)).rejects.toThrow('expired');
  });
});
