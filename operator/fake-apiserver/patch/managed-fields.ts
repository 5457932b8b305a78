// metadata.managedFields bookkeeping: which manager owns which fields, per operation and subresource.
import { deepEqual, type KubeObject, type ManagedFieldsEntry, type SchemaNode } from '../types.ts';
import { FieldSet, leafFields, valueAt, type Scope } from './fieldset.ts';

export interface ManagerRequest {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource: string | undefined;
  apiVersion: string;
  schema: SchemaNode | undefined;
  scope: Scope;
  time: string;
}

export interface OwnedEntry {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

export function readEntries(object: KubeObject | undefined): OwnedEntry[] {
  return (object?.metadata.managedFields ?? []).map((entry) => ({
    entry: { ...entry },
    set: FieldSet.fromFieldsV1(entry.fieldsV1),
  }));
}

export function isSameManager(
  e: ManagedFieldsEntry,
  req: Pick<ManagerRequest, 'manager' | 'operation' | 'subresource'>,
): boolean {
  return (
    e.manager === req.manager &&
    e.operation === req.operation &&
    (e.subresource ?? '') === (req.subresource ?? '')
  );
}

/** Finds (or appends) the acting manager's entry. */
export function entryFor(entries: OwnedEntry[], req: ManagerRequest): OwnedEntry {
  let mine = entries.find((e) => isSameManager(e.entry, req));
  if (!mine) {
    const entry: ManagedFieldsEntry = {
      manager: req.manager,
      operation: req.operation,
      apiVersion: req.apiVersion,
      time: req.time,
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    };
    if (req.subresource) entry.subresource = req.subresource;
    mine = { entry, set: new FieldSet() };
    entries.push(mine);
  }
  return mine;
}

/** Entries with no fields left are dropped, as the API server does. */
export function writeEntries(entries: OwnedEntry[]): ManagedFieldsEntry[] {
  return entries
    .filter((e) => e.set.size > 0)
    .map((e) => ({ ...e.entry, fieldsV1: e.set.toFieldsV1() }));
}

/**
 * Records a non-apply write (create, update, merge/json patch): fields it changed move to the
 * writer's Update entry, fields it removed leave every entry. Unchanged objects keep their entries.
 */
export function recordUpdate(
  old: KubeObject | undefined,
  next: KubeObject,
  req: ManagerRequest,
): ManagedFieldsEntry[] | undefined {
  const before = old ? leafFields(old, req.schema, req.scope) : new FieldSet();
  const after = leafFields(next, req.schema, req.scope);
  const changed = FieldSet.of(
    after
      .values()
      .filter((p) => !before.has(p) || !deepEqual(valueAt(old, p).value, valueAt(next, p).value)),
  );
  const removed = before.minus(after);
  if (changed.size === 0 && removed.size === 0) return old?.metadata.managedFields;
  const entries = readEntries(old);
  for (const e of entries) e.set = e.set.minus(changed).minus(removed);
  const mine = entryFor(entries, req);
  mine.set = FieldSet.of([...mine.set.values(), ...changed.values()]).minus(removed);
  mine.entry.time = req.time;
  mine.entry.apiVersion = req.apiVersion;
  return writeEntries(entries);
}

/** Compares objects as the no-op check does: managed-field timestamps alone are not a change. */
export function withoutManagedTimes(object: KubeObject): KubeObject {
  const managedFields = object.metadata.managedFields?.map(({ time: _time, ...rest }) => rest);
  return {
    ...object,
    metadata: {
      ...object.metadata,
      managedFields: managedFields as ManagedFieldsEntry[] | undefined,
    },
  };
}
