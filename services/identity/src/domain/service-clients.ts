// Service accounts: the clients allowed the client-credentials grant (SERVICE_CLIENTS) and how their
// secrets are checked.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Lower-case letters, digits and dashes; it becomes the token's `sub`. */
const CLIENT_ID = /^[a-z0-9-]{1,64}$/;
// A client id shaped like a user id would give a service token the `sub` of a possible account.
const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Client id -> sha256 of its secret. Only digests are kept, so a heap dump shows no secret. */
export type ServiceClients = ReadonlyMap<string, Buffer>;

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

export type ServiceClientsParse =
  { ok: true; clients: ServiceClients } | { ok: false; problems: string[] };

/**
 * Reads `id:secret,id:secret`. Entries are trimmed; the secret is everything after the first
 * colon (so it may hold colons, but not commas). Problems never quote a secret.
 */
export function parseServiceClients(text: string | undefined): ServiceClientsParse {
  const clients = new Map<string, Buffer>();
  const problems: string[] = [];
  if (text === undefined || text.trim() === '') return { ok: true, clients };
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${where} must be written id:secret`);
      return;
    }
    const id = entry.slice(0, colon);
    const secret = entry.slice(colon + 1);
    if (!CLIENT_ID.test(id)) {
      problems.push(`${where}: the client id must be 1 to 64 of a-z, 0-9 and -`);
    } else if (UUID_SHAPED.test(id)) {
      problems.push(`${where}: the client id "${id}" must not look like a user id (a UUID)`);
    } else if (clients.has(id)) {
      problems.push(`${where}: the client id "${id}" appears more than once`);
    }
    if (secret.length === 0) problems.push(`${where}: the secret of "${id}" is empty`);
    if (problems.length === 0) clients.set(id, digest(secret));
  });
  return problems.length === 0 ? { ok: true, clients } : { ok: false, problems };
}

export interface ServiceClientVerifier {
  /** Whether `secret` is the secret of client `id`; unknown ids take as long as known ones. */
  verify(id: string, secret: string): boolean;
}

export function createServiceClientVerifier(clients: ServiceClients): ServiceClientVerifier {
  // Compared against when the id is unknown, so the answer's timing does not tell ids apart.
  const decoy = digest(randomBytes(32).toString('hex'));
  return {
    verify(id, secret) {
      const expected = clients.get(id);
      const matches = timingSafeEqual(digest(secret), expected ?? decoy);
      return expected !== undefined && matches;
    },
  };
}
