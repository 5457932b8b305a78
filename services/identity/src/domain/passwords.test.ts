// argon2id hashing: the format, verification, and the dummy path for unknown emails.
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './passwords.ts';

describe('password hasher', () => {
  const hasher = createPasswordHasher();

  it('hashes with argon2id and a per-hash salt', async () => {
    const first = await hasher.hash('correct horse 42');
    const second = await hasher.hash('correct horse 42');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse 42');
    expect(await hasher.verify(stored, 'correct horse 42')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse 43')).toBe(false);
  });

  it('answers false, not an error, for a malformed stored hash', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever')).toBe(false);
  });

  it('spends time on a dummy verification without a user', async () => {
    await hasher.verifyNothing('warm-up');
    const start = performance.now();
    await hasher.verifyNothing('anything at all');
    const dummyMs = performance.now() - start;
    const stored = await hasher.hash('correct horse 42');
    const realStart = performance.now();
    await hasher.verify(stored, 'wrong password');
    const realMs = performance.now() - realStart;
    expect(dummyMs).toBeGreaterThan(realMs / 4);
  });
});
