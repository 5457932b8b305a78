// The write path every verb shares: create, update (main or status), admission, generation, no-op detection.
import { randomUUID } from 'node:crypto';
import { admitCustomResource } from './custom-admission.ts';
import { addedFinalizers, generateName, metadataCauses, nameCauses } from './object-meta.ts';
import { recordUpdate, withoutManagedTimes } from './patch/managed-fields.ts';
import type { Scope } from './patch/fieldset.ts';
import {
  serverOwnedMeta,
  shapeBody,
  specChanged,
  targetOf,
  type CommitOptions,
  type WriteContext,
  type WriterDeps,
  type WriteResult,
} from './write-support.ts';
import {
  ApiError,
  alreadyExists,
  conflict,
  invalid,
  notFound,
  type StatusCause,
} from './status.ts';
import {
  apiVersionOf,
  clone,
  deepEqual,
  nowTimestamp,
  type KubeObject,
  type ManagedFieldsEntry,
  type ResourceType,
} from './types.ts';

export {
  targetOf,
  type WriteContext,
  type WriteResult,
  type ResourceHooks,
} from './write-support.ts';

export class ObjectWriter {
  private readonly deps: WriterDeps;

  constructor(deps: WriterDeps) {
    this.deps = deps;
  }

  /** Checks kind/apiVersion/namespace of a request body and returns a copy to work on. */
  shape(
    rt: ResourceType,
    namespace: string | undefined,
    body: unknown,
    urlName?: string,
  ): KubeObject {
    return shapeBody(rt, namespace, body, urlName);
  }

  create(
    rt: ResourceType,
    namespace: string | undefined,
    body: unknown,
    ctx: WriteContext,
    managedFields?: ManagedFieldsEntry[],
  ): WriteResult {
    const object = this.shape(rt, namespace, body);
    const meta = object.metadata;
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    const t = targetOf(rt, meta.name ?? '');
    if (!meta.name)
      throw invalid(t, [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    // The storage layer refuses this, as a bare 500: a resourceVersion on create means a copied object.
    if (meta.resourceVersion) {
      throw new ApiError(500, '', 'resourceVersion should not be set on objects to be created');
    }
    for (const key of [
      'uid',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'managedFields',
      'selfLink',
    ] as const)
      delete meta[key];
    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    if (rt.custom || rt.tracksGeneration) meta.generation = 1;
    if (rt.hasStatus) delete object.status;
    const warnings: string[] = [];
    const admitted = this.admit(
      rt,
      object,
      undefined,
      ctx,
      warnings,
      nameCauses(meta.name, rt.plural === 'namespaces'),
    );
    if (this.deps.store.get(rt.storage, meta.namespace, meta.name)) throw alreadyExists(t);
    if (
      this.deps.strictNamespaces &&
      rt.namespaced &&
      !this.deps.store.get('namespaces', undefined, meta.namespace ?? '')
    ) {
      throw notFound({
        group: '',
        plural: 'namespaces',
        kind: 'Namespace',
        name: meta.namespace ?? '',
      });
    }
    admitted.metadata.managedFields =
      managedFields ??
      recordUpdate(undefined, admitted, this.managerRequest(rt, ctx, 'Update', undefined));
    if (!admitted.metadata.managedFields) delete admitted.metadata.managedFields;
    if (ctx.dryRun) return { object: admitted, warnings };
    const stored = this.deps.store.put(rt.storage, admitted);
    this.deps.hooks.get(rt.storage)?.afterWrite?.(stored);
    this.deps.changed(stored, false);
    return { object: stored, warnings };
  }

  /** PUT of the main resource or its status; custom resources require metadata.resourceVersion. */
  update(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    ctx: WriteContext,
    subresource: 'status' | undefined,
  ): WriteResult {
    const candidate = this.shape(rt, namespace, body, name);
    const old = this.deps.store.get(rt.storage, namespace, name);
    if (!old) throw notFound(targetOf(rt, name));
    if (!candidate.metadata.resourceVersion && !rt.unconditionalUpdate) {
      throw invalid(targetOf(rt, name), [
        {
          reason: 'FieldValueInvalid',
          field: 'metadata.resourceVersion',
          message: 'Invalid value: 0x0: must be specified for an update',
        },
      ]);
    }
    return this.commit(rt, old, candidate, ctx, { subresource, operation: 'Update' });
  }

  /** Turns a candidate (PUT body or patched object) into the next stored state of an existing object. */
  commit(
    rt: ResourceType,
    old: KubeObject,
    candidate: KubeObject,
    ctx: WriteContext,
    options: CommitOptions,
  ): WriteResult {
    const t = targetOf(rt, old.metadata.name ?? '');
    const rv = candidate.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(t);
    let next: KubeObject;
    if (options.subresource === 'status') {
      // A status write changes status alone: metadata and spec of the candidate are ignored.
      next = clone(old);
      if (candidate.status === undefined) delete next.status;
      else next.status = clone(candidate.status);
    } else {
      next = clone(candidate);
      for (const key of serverOwnedMeta) {
        if (old.metadata[key] === undefined) delete next.metadata[key];
        else (next.metadata as Record<string, unknown>)[key] = old.metadata[key];
      }
      if (rt.hasStatus) {
        if (old.status === undefined) delete next.status;
        else next.status = clone(old.status);
      }
    }
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    const warnings: string[] = [];
    next = this.admit(rt, next, old, ctx, warnings, []);
    if (old.metadata.deletionTimestamp) {
      const added = addedFinalizers(old, next);
      if (added.length > 0) {
        throw invalid(t, [
          {
            reason: 'FieldValueForbidden',
            field: 'metadata.finalizers',
            message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          },
        ]);
      }
    }
    if (
      (rt.custom || rt.tracksGeneration) &&
      options.subresource === undefined &&
      specChanged(rt, old, next)
    ) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    const managed =
      options.managedFields ??
      recordUpdate(old, next, this.managerRequest(rt, ctx, options.operation, options.subresource));
    if (managed) next.metadata.managedFields = managed;
    else delete next.metadata.managedFields;
    return { object: ctx.dryRun ? next : this.persist(rt, old, next), warnings };
  }

  /** A write by the server itself (deletion marks, garbage collection): no admission, Update by `manager`. */
  systemWrite(rt: ResourceType, old: KubeObject, next: KubeObject, manager: string): KubeObject {
    const managed = recordUpdate(old, next, {
      ...this.managerRequest(
        rt,
        { manager, dryRun: false, fieldValidation: 'Ignore' },
        'Update',
        undefined,
      ),
      scope: 'all',
    });
    if (managed) next.metadata.managedFields = managed;
    return this.persist(rt, old, next);
  }

  /** Stores the next state; no-op writes change nothing, and an emptied finalizer list on a deleting object removes it. */
  private persist(rt: ResourceType, old: KubeObject, next: KubeObject): KubeObject {
    if (deepEqual(withoutManagedTimes(old), withoutManagedTimes(next))) return old;
    const { store } = this.deps;
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      const gone =
        store.remove(rt.storage, next.metadata.namespace, next.metadata.name ?? '', next) ?? next;
      this.deps.hooks.get(rt.storage)?.afterRemove?.(gone);
      this.deps.changed(gone, true);
      return gone;
    }
    const stored = store.put(rt.storage, next);
    this.deps.hooks.get(rt.storage)?.afterWrite?.(stored);
    this.deps.changed(stored, false);
    return stored;
  }

  private admit(
    rt: ResourceType,
    next: KubeObject,
    old: KubeObject | undefined,
    ctx: WriteContext,
    warnings: string[],
    causes: StatusCause[],
  ): KubeObject {
    let object = next;
    if (rt.custom) {
      const admitted = admitCustomResource(rt, object, old, this.deps.cel, ctx.fieldValidation);
      object = admitted.object;
      causes.push(...admitted.causes);
      warnings.push(...admitted.warnings);
    }
    causes.push(...metadataCauses(object, rt.namespaced));
    if (causes.length > 0) throw invalid(targetOf(rt, object.metadata.name ?? ''), causes);
    const hook = this.deps.hooks.get(rt.storage);
    return hook?.admit ? hook.admit(object, old) : object;
  }

  managerRequest(
    rt: ResourceType,
    ctx: WriteContext,
    operation: 'Apply' | 'Update',
    subresource: 'status' | undefined,
  ) {
    const scope: Scope = !rt.hasStatus ? 'all' : subresource === 'status' ? 'status' : 'main';
    return {
      manager: ctx.manager,
      operation,
      subresource,
      apiVersion: apiVersionOf(rt),
      schema: rt.schema,
      scope,
      time: nowTimestamp(),
    };
  }
}
