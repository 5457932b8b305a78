// The verified-token cache: never past exp nor its maximum age, bounded, and never shared objects.
import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.ts';
import { createVerifiedTokenCache } from './verified-token-cache.ts';

const alice: Principal = { userId: 'alice', role: 'customer' };

describe('createVerifiedTokenCache', () => {
  it('answers until exp and not from exp on', () => {
    const cache = createVerifiedTokenCache(10);
    cache.set('t', alice, 10_000, 0);
    expect(cache.get('t', 9_999)).toEqual(alice);
    expect(cache.get('t', 10_000)).toBeUndefined();
    expect(cache.get('t', 9_999)).toBeUndefined();
  });

  it('forgets a token a minute after verifying it even when exp is later', () => {
    const cache = createVerifiedTokenCache(10);
    cache.set('t', alice, 3_600_000, 0);
    expect(cache.get('t', 59_999)).toEqual(alice);
    expect(cache.get('t', 60_000)).toBeUndefined();
  });

  it('does not keep a token already expired', () => {
    const cache = createVerifiedTokenCache(10);
    cache.set('t', alice, 1_000, 1_000);
    expect(cache.get('t', 1_000)).toBeUndefined();
  });

  it('drops the least recently used token beyond its size', () => {
    const cache = createVerifiedTokenCache(2);
    cache.set('a', alice, 10_000, 0);
    cache.set('b', alice, 10_000, 0);
    cache.get('a', 1);
    cache.set('c', alice, 10_000, 0);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toEqual(alice);
    expect(cache.get('c', 1)).toEqual(alice);
  });

  it('hands out copies, so a caller changing one does not change the next', () => {
    const cache = createVerifiedTokenCache(2);
    cache.set('t', alice, 10_000, 0);
    const first = cache.get('t', 1)!;
    first.role = 'admin';
    expect(cache.get('t', 1)?.role).toBe('customer');
  });
});
