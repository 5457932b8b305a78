// The in-memory cache keeps the contract: JSON values, TTLs, counters, bounded size.
import { describe, expect, it } from 'vitest';
import { cached } from './cached.ts';
import { createMemoryCache } from './memory-cache.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('memory cache', () => {
  it('stores JSON copies', async () => {
    const cache = createMemoryCache();
    const value = { title: 'Dune', at: new Date('2030-01-01T00:00:00Z') };
    await cache.set('movie:1', value);
    value.title = 'changed';
    expect(await cache.get('movie:1')).toEqual({ title: 'Dune', at: '2030-01-01T00:00:00.000Z' });
    expect(await cache.get('movie:2')).toBeUndefined();
  });

  it('forgets a value when its TTL has passed', async () => {
    const time = clock();
    const cache = createMemoryCache({ now: time.now });
    await cache.set('k', 1, 10);
    await cache.set('forever', 2);
    time.advance(9_999);
    expect(await cache.get('k')).toBe(1);
    time.advance(1);
    expect(await cache.get('k')).toBeUndefined();
    time.advance(10 ** 9);
    expect(await cache.get('forever')).toBe(2);
  });

  it('deletes, also through set(undefined)', async () => {
    const cache = createMemoryCache();
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    await cache.del('a', 'b');
    await cache.set('c', undefined);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('counts, with the expiry fixed by the first increment', async () => {
    const time = clock();
    const cache = createMemoryCache({ now: time.now });
    expect(await cache.incr('hits', 10)).toBe(1);
    time.advance(5_000);
    expect(await cache.incr('hits', 10)).toBe(2);
    time.advance(5_000);
    expect(await cache.incr('hits', 10)).toBe(1);
  });

  it('evicts the least recently used beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([
      1,
      undefined,
      3,
    ]);
  });

  it('keeps prefixed caches apart', async () => {
    const shared = createMemoryCache({ prefix: 'catalog' });
    await shared.set('k', 'catalog value');
    expect(await createMemoryCache({ prefix: 'booking' }).get('k')).toBeUndefined();
    expect(await shared.get('k')).toBe('catalog value');
  });

  it('reads through with cached(): loads once, then serves the stored value', async () => {
    const cache = createMemoryCache();
    let loads = 0;
    const load = async () => ({ loads: ++loads });
    expect(await cached(cache, 'x', 60, load)).toEqual({ loads: 1 });
    expect(await cached(cache, 'x', 60, load)).toEqual({ loads: 1 });
    expect(loads).toBe(1);
  });
});
