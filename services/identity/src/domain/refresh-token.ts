// Opaque refresh tokens: what the client holds is random; what the database holds is its hash.
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new refresh token: 32 random bytes, base64url (43 characters). */
export function generateRefreshToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * SHA-256 of the token, hex. A fast hash is enough: the token carries 256 bits of entropy, so
 * unlike a password it cannot be guessed from its hash; storing only the hash means a leaked
 * table cannot be replayed.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `value` has the shape of a token this service issues (cheap pre-check before a lookup). */
export const looksLikeRefreshToken = (value: string) => TOKEN_PATTERN.test(value);
