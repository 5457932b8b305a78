// Shapes shared by the write path: contexts, hooks, targets, body checks, the generation rule.
import type { FieldValidation } from './custom-admission.ts';
import type { CelValidator } from './schema/cel.ts';
import { badRequest, type Target } from './status.ts';
import type { ObjectStore } from './store.ts';
import {
  apiVersionOf,
  clone,
  deepEqual,
  isObject,
  type KubeObject,
  type ManagedFieldsEntry,
  type ResourceType,
} from './types.ts';

export interface WriteContext {
  manager: string;
  dryRun: boolean;
  fieldValidation: FieldValidation;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
}

/** Per-resource behaviour beyond the generic rules (the CRD resource registers what it defines). */
export interface ResourceHooks {
  admit?(next: KubeObject, old: KubeObject | undefined): KubeObject;
  afterWrite?(object: KubeObject): void;
  afterRemove?(object: KubeObject): void;
}

export interface CommitOptions {
  subresource: 'status' | undefined;
  operation: 'Apply' | 'Update';
  /** Computed by server-side apply; otherwise the write is recorded as an Update. */
  managedFields?: ManagedFieldsEntry[];
}

export interface WriterDeps {
  store: ObjectStore;
  cel: CelValidator;
  hooks: Map<string, ResourceHooks>;
  strictNamespaces: boolean;
  /** Told about every stored change so garbage collection can look again. */
  changed(object: KubeObject, removed: boolean): void;
}

export const serverOwnedMeta = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'name',
  'namespace',
] as const;

export function targetOf(rt: ResourceType, name: string): Target {
  return { group: rt.group, plural: rt.plural, kind: rt.kind, name };
}

/** Everything but metadata (and status when a status subresource owns it) counts toward generation. */
export function specChanged(rt: ResourceType, old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject): Record<string, unknown> => {
    const { metadata: _m, status, apiVersion: _a, kind: _k, ...rest } = o;
    return rt.hasStatus ? rest : { ...rest, status };
  };
  return !deepEqual(strip(old), strip(next));
}

/** Checks kind/apiVersion/namespace of a request body and returns a copy to work on. */
export function shapeBody(
  rt: ResourceType,
  namespace: string | undefined,
  body: unknown,
  urlName?: string,
): KubeObject {
  if (!isObject(body)) throw badRequest('the request body must be a JSON object');
  const object = clone(body) as KubeObject;
  // Built-in endpoints default the kind from the URL; custom resources must name it.
  if (!rt.custom) {
    object.kind ??= rt.kind;
    object.apiVersion ??= apiVersionOf(rt);
  }
  if (!object.kind || !object.apiVersion)
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`);
  if (object.kind !== rt.kind)
    throw badRequest(
      `the kind in the data (${object.kind}) does not match the expected kind (${rt.kind})`,
    );
  if (object.apiVersion !== apiVersionOf(rt))
    throw badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersionOf(rt)})`,
    );
  if (!isObject(object.metadata)) object.metadata = {};
  if (
    urlName !== undefined &&
    object.metadata.name !== undefined &&
    object.metadata.name !== urlName
  ) {
    throw badRequest(
      `the name of the object (${object.metadata.name}) does not match the name on the URL (${urlName})`,
    );
  }
  if (rt.namespaced) {
    if (object.metadata.namespace && object.metadata.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    object.metadata.namespace = namespace;
  } else {
    delete object.metadata.namespace;
  }
  return object;
}
