// DELETE semantics: preconditions, propagation policy finalizers, deletionTimestamp, immediate removal.
import { conflict, invalid, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';
import { clone, isObject, nowTimestamp, type KubeObject, type ResourceType } from './types.ts';
import { targetOf, type ObjectWriter, type ResourceHooks } from './writer.ts';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteOutcome {
  code: number;
  body: unknown;
  /** The object is gone (not merely marked with a deletionTimestamp). */
  removed: boolean;
}

export interface DeletionDeps {
  store: ObjectStore;
  writer: ObjectWriter;
  hooks: Map<string, ResourceHooks>;
  changed(object: KubeObject, removed: boolean): void;
}

function policyOf(rt: ResourceType, name: string, options: DeleteOptions): PropagationPolicy {
  const policy =
    options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : 'Background');
  if (policy === 'Background' || policy === 'Foreground' || policy === 'Orphan') return policy;
  throw invalid(targetOf(rt, name), [
    {
      reason: 'FieldValueNotSupported',
      field: 'propagationPolicy',
      message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
    },
  ]);
}

/** What a successful immediate delete answers: the object for custom resources, a Status otherwise. */
function deletedBody(rt: ResourceType, gone: KubeObject): unknown {
  if (rt.custom) return gone;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: gone.metadata.name, group: rt.group, kind: rt.plural, uid: gone.metadata.uid },
  };
}

export function deleteObject(
  deps: DeletionDeps,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
): DeleteOutcome {
  const t = targetOf(rt, name);
  const old = deps.store.get(rt.storage, namespace, name);
  if (!old) throw notFound(t);
  const pre = isObject(options.preconditions) ? options.preconditions : {};
  if (pre.uid !== undefined && pre.uid !== old.metadata.uid) {
    throw conflict(
      t,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid ?? ''}`,
    );
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(
      t,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion ?? ''}`,
    );
  }
  const policy = policyOf(rt, name, options);
  const finalizers = (old.metadata.finalizers ?? []).filter(
    (f) => f !== orphanFinalizer && f !== foregroundFinalizer,
  );
  if (policy === 'Orphan') finalizers.push(orphanFinalizer);
  if (policy === 'Foreground') finalizers.push(foregroundFinalizer);
  if (options.dryRun) return { code: 200, body: old, removed: false };
  if (finalizers.length === 0) {
    const gone = deps.store.remove(rt.storage, namespace, name) ?? old;
    deps.hooks.get(rt.storage)?.afterRemove?.(gone);
    deps.changed(gone, true);
    return { code: 200, body: deletedBody(rt, gone), removed: true };
  }
  const next = clone(old);
  next.metadata.finalizers = finalizers;
  if (!next.metadata.deletionTimestamp) {
    next.metadata.deletionTimestamp = nowTimestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    // markAsDeleting: objects that track generation get a new one when deletion starts.
    if ((next.metadata.generation ?? 0) > 0)
      next.metadata.generation = (next.metadata.generation ?? 0) + 1;
  }
  const stored = deps.writer.systemWrite(rt, old, next, 'kube-apiserver');
  // The legacy orphanDependents=false asks for 202 when the object is not gone yet.
  return { code: options.orphanDependents === false ? 202 : 200, body: stored, removed: false };
}
