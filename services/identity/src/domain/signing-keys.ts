// The key identity signs access tokens with: read from JWT_PRIVATE_KEY (a private JWK or a PKCS8
// PEM) or, when embedded, generated once and kept in a file only the service user can read.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';

export type SigningAlgorithm = 'ES256' | 'EdDSA';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
  /** What the JWKS publishes: public members only, with kid, alg and use. */
  publicJwk: JWK;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return 'ES256';
  throw new SigningKeyError('must be a P-256 (ES256) or Ed25519 (EdDSA) private key');
}

function importPrivateKey(text: string): { key: KeyObject; kid?: string; alg?: unknown } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JWK;
    try {
      jwk = JSON.parse(trimmed) as JWK;
    } catch {
      throw new SigningKeyError('is neither valid JSON (JWK) nor a PEM key');
    }
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') {
      throw new SigningKeyError('must be a private JWK (it has no "d" member)');
    }
    try {
      const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
      return {
        key,
        kid: typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : undefined,
        alg: jwk.alg,
      };
    } catch {
      throw new SigningKeyError('is not a usable private JWK');
    }
  }
  if (trimmed.startsWith('-----BEGIN')) {
    if (!trimmed.includes('PRIVATE KEY-----'))
      throw new SigningKeyError('must be a private key, not a public key');
    try {
      return { key: createPrivateKey(trimmed) };
    } catch {
      throw new SigningKeyError('is not a readable PEM private key');
    }
  }
  throw new SigningKeyError('is neither a JWK (JSON) nor a PEM private key');
}

/** Builds the signing key from its text form; throws SigningKeyError saying what is wrong. */
export async function parseSigningKey(text: string): Promise<SigningKey> {
  const imported = importPrivateKey(text);
  const alg = algorithmOf(imported.key);
  if (imported.alg !== undefined && imported.alg !== alg) {
    throw new SigningKeyError(`declares alg "${String(imported.alg)}" but the key is for ${alg}`);
  }
  const publicMembers = createPublicKey(imported.key).export({ format: 'jwk' }) as JWK;
  // The RFC 7638 thumbprint makes the kid stable for the same key without storing anything.
  const kid = imported.kid ?? (await calculateJwkThumbprint(publicMembers, 'sha256'));
  return {
    kid,
    alg,
    privateKey: imported.key,
    publicJwk: { ...publicMembers, kid, alg, use: 'sig' },
  };
}

/** Synchronous shape check for configuration parsing: the message of what is wrong, or undefined. */
export function signingKeyProblem(text: string): string | undefined {
  try {
    algorithmOf(importPrivateKey(text).key);
    return undefined;
  } catch (err) {
    return err instanceof SigningKeyError ? err.message : 'cannot be read';
  }
}

/** Where the embedded service keeps its generated key, inside its own data folder (DATA_DIR/identity). */
export const signingKeyFile = (serviceDataDir: string) =>
  join(serviceDataDir, 'signing-key.jwk.json');

async function readKeyFile(file: string): Promise<SigningKey | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return await parseSigningKey(text);
  } catch (err) {
    throw new SigningKeyError(`${file} ${(err as Error).message}`);
  }
}

/**
 * Reads the key kept in `file`, creating it (ES256, mode 0600) on first use. Two processes
 * starting together agree on one key: the new file is linked into place, which fails if the
 * other got there first, and then that one is read.
 */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  const existing = await readKeyFile(file);
  if (existing) return existing;

  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  const pending = `${file}.${randomUUID()}.tmp`;
  await writeFile(
    pending,
    JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }, null, 2) + '\n',
    {
      mode: 0o600,
      flag: 'wx',
    },
  );
  try {
    await chmod(pending, 0o600);
    await link(pending, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(pending, { force: true });
  }
  const created = await readKeyFile(file);
  if (!created) throw new SigningKeyError(`${file} disappeared right after it was written`);
  return created;
}

/** The JSON Web Key Set published at /.well-known/jwks.json. */
export function jwksOf(keys: readonly SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map((key) => key.publicJwk) };
}
