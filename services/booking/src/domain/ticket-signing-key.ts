// The key ticket codes are signed with: TICKET_SIGNING_KEY (a PKCS#8 PEM) when given, otherwise a
// key generated once into the service's data folder, so tickets stay valid across restarts.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@marquee/kit/config';
import type { JWK } from 'jose';

export interface TicketSigningKey {
  privateKey: KeyObject;
  /** Public members only (kty, crv, x, y); the signer adds kid, alg and use. */
  publicJwk: JWK;
  /** Where the key came from, for the start-up log. */
  origin: 'environment' | 'file' | 'generated';
  /** The key file, unless the key came from the environment. */
  file?: string;
}

export const TICKET_SIGNING_KEY_FILE = 'ticket-signing-key.pem';

/** The generated key's place inside the service's own data folder (DATA_DIR/booking). */
export const ticketSigningKeyFile = (dataDir: string) => join(dataDir, TICKET_SIGNING_KEY_FILE);

/** Reads a P-256 private key from PEM; the message says what is wrong, for an error to name. */
function readPem(text: string): { key?: KeyObject; problem?: string } {
  // Keys pasted into one-line .env values often arrive with literal "\n" instead of newlines.
  const pem = text.includes('\n') ? text.trim() : text.trim().replaceAll('\\n', '\n');
  if (!pem.startsWith('-----BEGIN')) return { problem: 'must be a PKCS#8 PEM private key' };
  if (!pem.includes('PRIVATE KEY-----')) {
    return { problem: 'must be a private key, not a public key or certificate' };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    return { problem: 'is not a readable PEM private key' };
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return { problem: 'must be a P-256 (ES256) private key' };
  }
  return { key };
}

const publicJwkOf = (key: KeyObject): JWK => {
  const { kty, crv, x, y } = createPublicKey(key).export({ format: 'jwk' });
  return { kty, crv, x, y };
};

async function readKeyFile(file: string): Promise<KeyObject | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const { key, problem } = readPem(text);
  if (!key) {
    // Not replaced silently: a new key would make every ticket already sold unverifiable.
    throw new Error(`The ticket signing key file ${file} ${problem}; restore it or remove it.`);
  }
  return key;
}

/**
 * Creates the key file (mode 0600) unless it exists. The new key is written to a temporary file
 * and linked into place: the file appears whole or not at all, and when two processes start
 * together the second link fails (EEXIST) instead of replacing the first one's key, so both
 * end up reading the same key.
 */
async function createKeyFile(file: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const pending = `${file}.${randomUUID()}.tmp`;
  await writeFile(pending, pem, { mode: 0o600, flag: 'wx' });
  try {
    await chmod(pending, 0o600); // the process umask may have loosened the mode given above
    await link(pending, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(pending, { force: true });
  }
}

/**
 * The ticket signing key: `pem` (TICKET_SIGNING_KEY) when given, a bad one being a ConfigError
 * naming the variable; otherwise `<dataDir>/ticket-signing-key.pem`, generated on first start.
 * A blank `pem` counts as not given.
 */
export async function loadTicketSigningKey(options: {
  pem?: string;
  dataDir: string;
}): Promise<TicketSigningKey> {
  if (options.pem !== undefined && options.pem.trim() !== '') {
    const { key, problem } = readPem(options.pem);
    if (!key) throw new ConfigError([{ variable: 'TICKET_SIGNING_KEY', message: problem! }]);
    return { privateKey: key, publicJwk: publicJwkOf(key), origin: 'environment' };
  }
  const file = ticketSigningKeyFile(options.dataDir);
  const existing = await readKeyFile(file);
  if (existing)
    return { privateKey: existing, publicJwk: publicJwkOf(existing), origin: 'file', file };

  await createKeyFile(file, options.dataDir);
  const created = await readKeyFile(file);
  if (!created)
    throw new Error(`The ticket signing key file ${file} vanished after it was written.`);
  return { privateKey: created, publicJwk: publicJwkOf(created), origin: 'generated', file };
}
