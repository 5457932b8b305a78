// What a fresh list means against the cache an informer had: after a 410 the events in between
// are lost, so adds, updates and deletes are recovered by comparing the two.

export interface Meta {
  metadata: { namespace?: string; name: string; resourceVersion?: string };
}

export type CacheChange<T> =
  | { type: 'add'; object: T }
  | { type: 'update'; previous: T; object: T }
  | { type: 'delete'; object: T };

export const cacheKey = (o: Meta) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The new cache and the changes that turn `previous` into it; unchanged objects yield nothing. */
export function diffList<T extends Meta>(
  previous: ReadonlyMap<string, T>,
  listed: readonly T[],
): { cache: Map<string, T>; changes: CacheChange<T>[] } {
  const cache = new Map<string, T>();
  const changes: CacheChange<T>[] = [];
  for (const object of listed) {
    const key = cacheKey(object);
    cache.set(key, object);
    const before = previous.get(key);
    if (!before) changes.push({ type: 'add', object });
    else if (before.metadata.resourceVersion !== object.metadata.resourceVersion) {
      changes.push({ type: 'update', previous: before, object });
    }
  }
  for (const [key, object] of previous) {
    if (!cache.has(key)) changes.push({ type: 'delete', object });
  }
  return { cache, changes };
}
