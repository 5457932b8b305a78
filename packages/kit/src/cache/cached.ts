// Read-through caching in one call: the cached value, or the loaded one (stored for next time).
import type { Cache } from './cache.ts';

/**
 * A miss or an unreachable cache both fall through to `load`, so correctness never depends on
 * the cache. `undefined` results are not stored (use null to cache "nothing there").
 */
export async function cached<T>(
  cache: Cache,
  key: string,
  ttlSeconds: number,
  load: () => Promise<T>,
): Promise<T> {
  const hit = await cache.get<T>(key);
  if (hit !== undefined) return hit;
  const value = await load();
  if (value !== undefined) await cache.set(key, value, ttlSeconds);
  return value;
}
