// The newest copy of an object the operator itself wrote, until the informer's cache catches up.
// Without it a reconcile that runs again before the watch delivers our own write would work from
// the version we replaced and earn a 409 for nothing; this is the same object, just sooner.

interface Versioned {
  metadata: { resourceVersion: string };
}

export interface FreshObjects<T extends Versioned> {
  /** `written` replaced the version `replaced`. */
  wrote(key: string, replaced: string, written: T): void;
  /** The cached object, or what we wrote over it if the cache still shows a version we replaced. */
  freshest(key: string, cached: T | undefined): T | undefined;
  forget(key: string): void;
}

export function createFreshObjects<T extends Versioned>(): FreshObjects<T> {
  const memo = new Map<string, { replaced: Set<string>; written: T }>();
  return {
    wrote(key, replaced, written) {
      const entry = memo.get(key);
      const versions = entry ? entry.replaced : new Set<string>();
      versions.add(replaced);
      memo.set(key, { replaced: versions, written });
    },
    freshest(key, cached) {
      const entry = memo.get(key);
      if (!entry || !cached) {
        // Gone from the cache: deleted, and nothing we wrote can bring it back.
        memo.delete(key);
        return cached;
      }
      if (entry.replaced.has(cached.metadata.resourceVersion)) return entry.written;
      // The cache has our write or something newer: it is the truth again.
      memo.delete(key);
      return cached;
    },
    forget: (key) => void memo.delete(key),
  };
}
