// The object store: one global resourceVersion counter (as etcd's revision) and a bounded event history.
import { clone, type KubeObject } from './types.ts';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: EventType;
  storage: string;
  rv: number;
  object: KubeObject;
  /** The object before this change (absent for ADDED); watches use it for selector transitions. */
  previous?: KubeObject;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private revision = 0;
  /** Events with rv <= horizon are gone: a watch starting before it gets 410 Expired. */
  private compactedAt = 0;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly byUid = new Map<string, { storage: string; key: string }>();
  private readonly history: StoredEvent[] = [];
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private readonly historyLimit: number;

  constructor(historyLimit: number) {
    this.historyLimit = historyLimit;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  get horizon(): number {
    return this.compactedAt;
  }

  /** Moves the horizon to now: every older resourceVersion becomes too old to watch from. */
  compact(): number {
    this.history.length = 0;
    this.compactedAt = this.revision;
    return this.compactedAt;
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(storage: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(storage)?.get(keyOf(namespace, name));
    return found ? clone(found) : undefined;
  }

  /** Objects of one storage (optionally one namespace), ordered by namespace then name. */
  list(storage: string, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(storage)?.entries() ?? [])].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return all
      .map(([, o]) => clone(o))
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  }

  storages(): string[] {
    return [...this.objects.keys()];
  }

  /** Visits every stored object without copying; the visitor must not change what it sees. */
  each(visit: (storage: string, object: Readonly<KubeObject>) => void): void {
    for (const [storage, bucket] of this.objects)
      for (const object of [...bucket.values()]) visit(storage, object);
  }

  findByUid(uid: string): KubeObject | undefined {
    const where = this.byUid.get(uid);
    if (!where) return undefined;
    const found = this.objects.get(where.storage)?.get(where.key);
    return found ? clone(found) : undefined;
  }

  /** Creates or replaces an object; stamps and returns it with the next resourceVersion. */
  put(storage: string, object: KubeObject): KubeObject {
    const key = keyOf(object.metadata.namespace, object.metadata.name ?? '');
    let bucket = this.objects.get(storage);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(storage, bucket);
    }
    const previous = bucket.get(key);
    const stored = clone(object);
    this.revision += 1;
    stored.metadata.resourceVersion = String(this.revision);
    bucket.set(key, stored);
    if (stored.metadata.uid) this.byUid.set(stored.metadata.uid, { storage, key });
    this.emit({
      type: previous ? 'MODIFIED' : 'ADDED',
      storage,
      rv: this.revision,
      object: stored,
      previous,
    });
    return clone(stored);
  }

  /**
   * Removes an object for good; the DELETED event carries the deletion's resourceVersion and the
   * final state (the update that emptied the finalizers, when that is what removed it).
   */
  remove(
    storage: string,
    namespace: string | undefined,
    name: string,
    finalState?: KubeObject,
  ): KubeObject | undefined {
    const bucket = this.objects.get(storage);
    const key = keyOf(namespace, name);
    const previous = bucket?.get(key);
    if (!bucket || !previous) return undefined;
    bucket.delete(key);
    if (previous.metadata.uid) this.byUid.delete(previous.metadata.uid);
    this.revision += 1;
    const gone = clone(finalState ?? previous);
    gone.metadata.resourceVersion = String(this.revision);
    this.emit({ type: 'DELETED', storage, rv: this.revision, object: gone, previous });
    return clone(gone);
  }

  /** Events of one storage after rv, or undefined when rv is older than the horizon. */
  eventsSince(storage: string, rv: number): StoredEvent[] | undefined {
    if (rv < this.compactedAt) return undefined;
    return this.history.filter((e) => e.storage === storage && e.rv > rv);
  }

  private emit(event: StoredEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedAt = dropped[dropped.length - 1]?.rv ?? this.compactedAt;
    }
    for (const listener of this.listeners) listener(event);
  }
}
