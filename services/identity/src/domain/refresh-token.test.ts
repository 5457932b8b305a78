// Refresh token generation and hashing.
import { describe, expect, it } from 'vitest';
import { generateRefreshToken, hashRefreshToken, looksLikeRefreshToken } from './refresh-token.ts';

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const token = generateRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(looksLikeRefreshToken(token)).toBe(true);
  });

  it('differ each time', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateRefreshToken));
    expect(tokens.size).toBe(100);
  });

  it('hash to a stable SHA-256 hex digest that is not the token', () => {
    const token = generateRefreshToken();
    const hash = hashRefreshToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).toBe(hash);
    expect(hash).not.toContain(token);
    expect(hashRefreshToken(generateRefreshToken())).not.toBe(hash);
  });

  it('hash a known value to its known digest', () => {
    expect(hashRefreshToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('rejects values that cannot be tokens', () => {
    expect(looksLikeRefreshToken('')).toBe(false);
    expect(looksLikeRefreshToken('short')).toBe(false);
    expect(looksLikeRefreshToken(`${'a'.repeat(42)}=`)).toBe(false);
  });
});
