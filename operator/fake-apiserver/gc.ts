// Owner-reference garbage collection: background, foreground and orphan propagation, as kube-controller-manager does it.
import {
  deleteObject,
  foregroundFinalizer,
  orphanFinalizer,
  type DeletionDeps,
} from './deletion.ts';
import type { ResourceRegistry } from './registry.ts';
import { ApiError } from './status.ts';
import { clone, type KubeObject, type ResourceType } from './types.ts';

const manager = 'generic-garbage-collector';

export interface GcLogger {
  warn(message: string): void;
}

/**
 * Runs after the write that made it necessary (never inside it), like the real collector, so a
 * DELETE answers before its dependents go. Runs until nothing changes.
 */
export class GarbageCollector {
  private readonly deps: DeletionDeps;
  private readonly registry: ResourceRegistry;
  private readonly logger: GcLogger;
  private scheduled: NodeJS.Immediate | undefined;
  private running = false;
  private again = false;

  constructor(deps: DeletionDeps, registry: ResourceRegistry, logger: GcLogger) {
    this.deps = deps;
    this.registry = registry;
    this.logger = logger;
  }

  /** Asks for a pass; many writes in one tick share it. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.run();
    });
  }

  stop(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private run(): void {
    this.running = true;
    try {
      for (let pass = 0; pass < 50; pass += 1) {
        this.again = false;
        if (!this.pass() && !this.again) break;
      }
    } finally {
      this.running = false;
    }
  }

  /** One sweep over the store; true when it changed something. */
  private pass(): boolean {
    const owners = new Set<string>();
    const dependents = new Map<string, { storage: string; object: KubeObject }[]>();
    const deleting: { storage: string; object: KubeObject }[] = [];
    this.deps.store.each((storage, object) => {
      if (object.metadata.uid) owners.add(object.metadata.uid);
      for (const ref of object.metadata.ownerReferences ?? []) {
        const list = dependents.get(ref.uid) ?? [];
        list.push({ storage, object });
        dependents.set(ref.uid, list);
      }
      if (object.metadata.deletionTimestamp) deleting.push({ storage, object });
    });
    let changed = false;
    for (const { storage, object } of deleting) {
      const finalizers = object.metadata.finalizers ?? [];
      const deps = dependents.get(object.metadata.uid ?? '') ?? [];
      if (finalizers.includes(orphanFinalizer))
        changed = this.orphan(storage, object, deps) || changed;
      else if (finalizers.includes(foregroundFinalizer))
        changed = this.foreground(storage, object, deps) || changed;
    }
    for (const [ownerUid, list] of dependents) {
      if (owners.has(ownerUid)) continue;
      for (const { storage, object } of list)
        changed = this.ownerGone(storage, object, owners) || changed;
    }
    return changed;
  }

  private typeOf(storage: string): ResourceType | undefined {
    return this.registry.forStorage(storage);
  }

  private update(storage: string, object: KubeObject, change: (next: KubeObject) => void): boolean {
    const rt = this.typeOf(storage);
    const current = this.deps.store.get(
      storage,
      object.metadata.namespace,
      object.metadata.name ?? '',
    );
    if (!rt || !current) return false;
    const next = clone(current);
    change(next);
    this.deps.writer.systemWrite(rt, current, next, manager);
    return true;
  }

  private remove(
    storage: string,
    object: KubeObject,
    policy: 'Background' | 'Foreground',
  ): boolean {
    const rt = this.typeOf(storage);
    if (!rt || object.metadata.deletionTimestamp) return false;
    try {
      deleteObject(this.deps, rt, object.metadata.namespace, object.metadata.name ?? '', {
        propagationPolicy: policy,
        preconditions: { uid: object.metadata.uid },
      });
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.code === 404 || err.code === 409)) return false;
      this.logger.warn(
        `garbage collector could not delete ${storage} ${object.metadata.name}: ${(err as Error).message}`,
      );
      return false;
    }
  }

  /** Orphan: dependents lose the reference, then the owner's `orphan` finalizer goes. */
  private orphan(
    storage: string,
    owner: KubeObject,
    deps: { storage: string; object: KubeObject }[],
  ): boolean {
    for (const d of deps) {
      this.update(d.storage, d.object, (next) => {
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== owner.metadata.uid,
        );
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      });
    }
    return this.update(storage, owner, (next) => {
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter(
        (f) => f !== orphanFinalizer,
      );
    });
  }

  /** Foreground: dependents are deleted; the owner stays until those that block its deletion are gone. */
  private foreground(
    storage: string,
    owner: KubeObject,
    deps: { storage: string; object: KubeObject }[],
  ): boolean {
    let changed = false;
    for (const d of deps) changed = this.remove(d.storage, d.object, 'Foreground') || changed;
    const blocking = deps.some((d) =>
      (d.object.metadata.ownerReferences ?? []).some(
        (r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion === true,
      ),
    );
    if (blocking) return changed;
    return (
      this.update(storage, owner, (next) => {
        next.metadata.finalizers = (next.metadata.finalizers ?? []).filter(
          (f) => f !== foregroundFinalizer,
        );
      }) || changed
    );
  }

  /** Background: a dependent whose owners are all gone is deleted; dangling references to some are dropped. */
  private ownerGone(storage: string, object: KubeObject, owners: Set<string>): boolean {
    const refs = object.metadata.ownerReferences ?? [];
    const alive = refs.filter((r) => owners.has(r.uid));
    if (alive.length === 0) return this.remove(storage, object, 'Background');
    return this.update(storage, object, (next) => {
      next.metadata.ownerReferences = alive;
    });
  }
}
