// Field sets as server-side apply tracks them (FieldsV1): leaf paths of f:field, k:{key} and v:value steps.
import { clone, deepEqual, isObject, type JsonObject, type SchemaNode } from '../types.ts';

export type FieldPath = readonly string[];

/** How ObjectMeta's lists merge: finalizers are a set, ownerReferences a map keyed by uid. */
const metadataSchema: SchemaNode = {
  type: 'object',
  properties: {
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    ownerReferences: {
      type: 'array',
      items: { type: 'object' },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    },
  },
};

/** Metadata fields the server owns; they never appear in managed fields. */
const trackedMetadata = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

/** Steps never contain this character, so joined paths are unique keys. */
const joint = '\u0001';

export class FieldSet {
  private readonly paths = new Map<string, FieldPath>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.add(p);
    return set;
  }

  add(path: FieldPath): void {
    this.paths.set(path.join(joint), path);
  }
  has(path: FieldPath): boolean {
    return this.paths.has(path.join(joint));
  }
  delete(path: FieldPath): void {
    this.paths.delete(path.join(joint));
  }
  get size(): number {
    return this.paths.size;
  }
  values(): FieldPath[] {
    return [...this.paths.values()];
  }
  minus(other: FieldSet): FieldSet {
    return FieldSet.of(this.values().filter((p) => !other.has(p)));
  }
  equals(other: FieldSet): boolean {
    return this.size === other.size && this.values().every((p) => other.has(p));
  }

  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    for (const path of this.values()) {
      let node = root;
      for (const step of path) {
        node[step] ??= {};
        node = node[step] as JsonObject;
      }
    }
    return root;
  }

  static fromFieldsV1(fields: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: string[]): void => {
      if (!isObject(node)) return;
      const keys = Object.keys(node);
      if (keys.length === 0 && prefix.length > 0) set.add(prefix);
      for (const key of keys) {
        if (key === '.') set.add([...prefix, '.']);
        else walk(node[key], [...prefix, key]);
      }
    };
    walk(fields, []);
    return set;
  }
}

export function childSchema(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!schema) return undefined;
  return (
    schema.properties?.[key] ??
    (isObject(schema.additionalProperties)
      ? (schema.additionalProperties as SchemaNode)
      : undefined)
  );
}

function itemKey(item: unknown, keys: readonly string[]): string {
  const picked: JsonObject = {};
  for (const k of keys) if (isObject(item)) picked[k] = item[k];
  return `k:${JSON.stringify(picked)}`;
}

function collect(
  value: unknown,
  schema: SchemaNode | undefined,
  prefix: string[],
  out: FieldSet,
): void {
  if (isObject(value) && schema?.['x-kubernetes-map-type'] !== 'atomic') {
    const entries = Object.entries(value);
    if (entries.length === 0 && prefix.length > 0) out.add(prefix);
    for (const [k, v] of entries) collect(v, childSchema(schema, k), [...prefix, `f:${k}`], out);
    return;
  }
  const listType = schema?.['x-kubernetes-list-type'];
  if (Array.isArray(value) && value.length > 0 && (listType === 'set' || listType === 'map')) {
    for (const item of value) {
      if (listType === 'set') {
        out.add([...prefix, `v:${JSON.stringify(item)}`]);
        continue;
      }
      const itemPrefix = [...prefix, itemKey(item, schema?.['x-kubernetes-list-map-keys'] ?? [])];
      out.add([...itemPrefix, '.']);
      if (isObject(item))
        for (const [k, v] of Object.entries(item))
          collect(v, childSchema(schema?.items, k), [...itemPrefix, `f:${k}`], out);
    }
    return;
  }
  out.add(prefix);
}

export type Scope = 'main' | 'status' | 'all';

/** The leaf fields of an object a manager can own, limited to what the endpoint may change. */
export function leafFields(
  object: JsonObject,
  schema: SchemaNode | undefined,
  scope: Scope,
): FieldSet {
  const out = new FieldSet();
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (scope === 'main' && key === 'status') continue;
    if (scope === 'status' && key !== 'status') continue;
    if (key === 'metadata') {
      if (!isObject(value)) continue;
      for (const [mk, mv] of Object.entries(value)) {
        if (trackedMetadata.has(mk))
          collect(mv, childSchema(metadataSchema, mk), ['f:metadata', `f:${mk}`], out);
      }
      continue;
    }
    collect(value, childSchema(schema, key), [`f:${key}`], out);
  }
  return out;
}

/** The schema a top-level field merges by: ObjectMeta's for metadata, the resource's otherwise. */
export function topLevelSchema(
  schema: SchemaNode | undefined,
  key: string,
): SchemaNode | undefined {
  return key === 'metadata' ? metadataSchema : childSchema(schema, key);
}

/** `.spec.conditions[type="Ready"].status`, the way conflict messages print a field. */
export function describePath(path: FieldPath): string {
  return path
    .filter((s) => s !== '.')
    .map((step) => {
      if (step.startsWith('f:')) return `.${step.slice(2)}`;
      if (step.startsWith('v:')) return `[=${step.slice(2)}]`;
      const keys = JSON.parse(step.slice(2)) as JsonObject;
      return `[${Object.entries(keys)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

/** The value at a field path, or `found: false`. */
export function valueAt(object: unknown, path: FieldPath): { found: boolean; value?: unknown } {
  let current: unknown = object;
  for (const step of path) {
    if (step === '.') continue;
    if (step.startsWith('f:')) {
      if (!isObject(current) || !(step.slice(2) in current)) return { found: false };
      current = current[step.slice(2)];
    } else {
      if (!Array.isArray(current)) return { found: false };
      const match = findItem(current, step);
      if (match < 0) return { found: false };
      current = current[match];
    }
  }
  return { found: true, value: current };
}

function findItem(list: unknown[], step: string): number {
  if (step.startsWith('v:')) {
    const wanted = JSON.parse(step.slice(2)) as unknown;
    return list.findIndex((item) => deepEqual(item, wanted));
  }
  const keys = JSON.parse(step.slice(2)) as JsonObject;
  return list.findIndex(
    (item) => isObject(item) && Object.entries(keys).every(([k, v]) => deepEqual(item[k], v)),
  );
}

/** Removes the field (or list item) a path names; parents stay, as server-side apply leaves them. */
export function removeAt<T>(object: T, path: FieldPath): T {
  const result = clone(object);
  const steps = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const parent = valueAt(result, steps.slice(0, -1));
  const last = steps[steps.length - 1];
  if (!parent.found || last === undefined) return result;
  if (last.startsWith('f:') && isObject(parent.value)) delete parent.value[last.slice(2)];
  else if (Array.isArray(parent.value)) {
    const index = findItem(parent.value, last);
    if (index >= 0) parent.value.splice(index, 1);
  }
  return result;
}
