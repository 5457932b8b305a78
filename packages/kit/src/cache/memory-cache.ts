// The cache in process memory, for the embedded platform and tests: TTLs honoured, size bounded.
import type { Cache } from './cache.ts';
import { prefixedKey } from './cache-key.ts';

export interface MemoryCacheOptions {
  /** Keeps services that share one process apart, as the Redis prefix does. */
  prefix?: string;
  /** Least recently used entries are evicted beyond this many (default 10 000). */
  maxEntries?: number;
  /** Injected in tests to move time without waiting. */
  now?: () => number;
}

interface Entry {
  json: string;
  expiresAt: number;
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const k = (key: string) => prefixedKey(options.prefix ?? '', key);
  // A Map iterates in insertion order: re-inserting on read keeps the least recently used first.
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return entry;
  }

  function put(key: string, json: string, ttlSeconds?: number) {
    entries.delete(key);
    entries.set(key, { json, expiresAt: ttlSeconds ? now() + ttlSeconds * 1000 : Infinity });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  return {
    async get<T>(key: string) {
      const entry = live(k(key));
      return entry ? (JSON.parse(entry.json) as T) : undefined;
    },
    async set(key, value, ttlSeconds) {
      if (value === undefined) entries.delete(k(key));
      // Through JSON, as Redis would, so no caller holds a reference into the cache.
      else put(k(key), JSON.stringify(value), ttlSeconds);
    },
    async del(...keys) {
      for (const key of keys) entries.delete(k(key));
    },
    async incr(key, ttlSeconds) {
      const entry = live(k(key));
      const count = (entry ? Number(JSON.parse(entry.json)) : 0) + 1;
      if (entry) entry.json = JSON.stringify(count);
      else put(k(key), JSON.stringify(count), ttlSeconds);
      return count;
    },
    async ping() {},
    async close() {
      entries.clear();
    },
  };
}
