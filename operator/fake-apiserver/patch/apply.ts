// Server-side apply (application/apply-patch+yaml): merge the applied configuration, detect conflicts, prune.
import { ApiError } from '../status.ts';
import {
  clone,
  deepEqual,
  isObject,
  type JsonObject,
  type KubeObject,
  type ManagedFieldsEntry,
  type SchemaNode,
} from '../types.ts';
import {
  childSchema,
  describePath,
  FieldSet,
  leafFields,
  removeAt,
  topLevelSchema,
  valueAt,
  type FieldPath,
} from './fieldset.ts';
import { entryFor, readEntries, writeEntries, type ManagerRequest } from './managed-fields.ts';

function mergeValue(live: unknown, applied: unknown, schema: SchemaNode | undefined): unknown {
  if (isObject(live) && isObject(applied) && schema?.['x-kubernetes-map-type'] !== 'atomic') {
    const result: JsonObject = { ...live };
    for (const [k, v] of Object.entries(applied))
      result[k] = mergeValue(live[k], v, childSchema(schema, k));
    return result;
  }
  const listType = schema?.['x-kubernetes-list-type'];
  if (Array.isArray(live) && Array.isArray(applied) && listType === 'set') {
    return [...live, ...applied.filter((a) => !live.some((l) => deepEqual(l, a)))];
  }
  if (Array.isArray(live) && Array.isArray(applied) && listType === 'map') {
    const keys = schema?.['x-kubernetes-list-map-keys'] ?? [];
    const same = (a: unknown, b: unknown): boolean =>
      isObject(a) && isObject(b) && keys.every((k) => deepEqual(a[k], b[k]));
    const merged = live.map((item) => {
      const match = applied.find((a) => same(item, a));
      return match === undefined ? item : mergeValue(item, match, schema?.items);
    });
    return [...merged, ...applied.filter((a) => !live.some((l) => same(l, a)))];
  }
  return clone(applied);
}

function mergeObject(
  live: KubeObject,
  applied: KubeObject,
  schema: SchemaNode | undefined,
): KubeObject {
  const result: JsonObject = { ...live };
  for (const [k, v] of Object.entries(applied)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    result[k] = mergeValue(live[k], v, topLevelSchema(schema, k));
  }
  return result as KubeObject;
}

interface Conflict {
  path: FieldPath;
  managers: ManagedFieldsEntry[];
}

function conflictError(
  conflicts: Conflict[],
  target: { group: string; plural: string; name: string },
): ApiError {
  const causes = conflicts.flatMap((c) =>
    c.managers.map((m) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${m.manager}"${m.operation === 'Update' ? ` using ${m.apiVersion}` : ''}${m.subresource ? ` with subresource "${m.subresource}"` : ''}`,
      field: describePath(c.path),
    })),
  );
  const n = causes.length;
  const listed = causes.map((c) => `${c.message}: ${c.field}`).join('\n- ');
  return new ApiError(
    409,
    'Conflict',
    `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${n === 1 ? listed : `\n- ${listed}`}`,
    {
      name: target.name,
      group: target.group,
      kind: target.plural,
      causes,
    },
  );
}

export interface ApplyResult {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[];
}

/**
 * Applies a configuration for one manager. A field set to a different value that another manager
 * owns is a conflict (409) unless forced, which moves the field to this manager; fields this
 * manager applied before and omits now are removed when nobody else owns them.
 */
export function applyConfiguration(
  live: KubeObject,
  config: KubeObject,
  req: ManagerRequest & { force: boolean },
  target: { group: string; plural: string; name: string },
): ApplyResult {
  const applied = leafFields(config, req.schema, req.scope);
  const entries = readEntries(live);
  const mine = entryFor(entries, req);
  const others = entries.filter((e) => e !== mine);
  const conflicts: Conflict[] = [];
  for (const path of applied.values()) {
    const current = valueAt(live, path);
    if (!current.found || deepEqual(current.value, valueAt(config, path).value)) continue;
    const owners = others.filter((e) => e.set.has(path));
    if (owners.length > 0) conflicts.push({ path, managers: owners.map((o) => o.entry) });
  }
  if (conflicts.length > 0 && !req.force) throw conflictError(conflicts, target);
  for (const c of conflicts) for (const o of others) o.set.delete(c.path);
  let object = mergeObject(live, config, req.schema);
  for (const path of mine.set.minus(applied).values()) {
    if (!others.some((o) => o.set.has(path))) object = removeAt(object, path);
  }
  mine.set = FieldSet.of(applied.values());
  mine.entry.time = req.time;
  mine.entry.apiVersion = req.apiVersion;
  return { object, managedFields: writeEntries(entries) };
}
