// Our own writes stand in for the cache only while the cache shows a version they replaced.
import { describe, expect, it } from 'vitest';
import { createFreshObjects } from './fresh-objects.ts';

const v = (resourceVersion: string, note = '') => ({ metadata: { resourceVersion }, note });

describe('fresh objects', () => {
  it('answers our write while the cache still shows a version it replaced', () => {
    const fresh = createFreshObjects<ReturnType<typeof v>>();
    fresh.wrote('ns/a', '1', v('2', 'finalizer'));
    fresh.wrote('ns/a', '2', v('3', 'status'));
    expect(fresh.freshest('ns/a', v('1'))?.note).toBe('status');
    expect(fresh.freshest('ns/a', v('2'))?.note).toBe('status');
  });

  it('yields to the cache once it has our write or something newer', () => {
    const fresh = createFreshObjects<ReturnType<typeof v>>();
    fresh.wrote('ns/a', '1', v('2', 'ours'));
    expect(fresh.freshest('ns/a', v('5', 'theirs'))?.note).toBe('theirs');
    // Forgotten from then on, even if an old version came back.
    expect(fresh.freshest('ns/a', v('1', 'old'))?.note).toBe('old');
  });

  it('never brings back an object the cache no longer has', () => {
    const fresh = createFreshObjects<ReturnType<typeof v>>();
    fresh.wrote('ns/a', '1', v('2'));
    expect(fresh.freshest('ns/a', undefined)).toBeUndefined();
  });
});
