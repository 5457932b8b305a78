// Conformance: PATCH content types and server-side apply, through @kubernetes/client-node.
// Pins https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
// (merge patch per RFC 7386, JSON patch per RFC 6902, strategic merge unsupported for custom resources)
// and https://kubernetes.io/docs/reference/using-api/server-side-apply/ (field management, conflicts,
// force, removal of fields a manager stops applying, managedFields entries).
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failure,
  group,
  startHarness,
  version,
  widget,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;
const ns = 'default';
const plural = 'widgets';
const as = (type: string) => setHeaderOptions('Content-Type', type);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

const create = (name: string, spec?: Record<string, unknown>) =>
  h.custom.createNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural,
    body: widget(name, spec),
  });
const patch = (name: string, body: unknown, type: string) =>
  h.custom.patchNamespacedCustomObject(
    { group, version, namespace: ns, plural, name, body },
    as(type),
  );
const apply = (
  name: string,
  spec: Record<string, unknown>,
  manager: string,
  force = false,
  extra: Record<string, unknown> = {},
) =>
  h.custom.patchNamespacedCustomObject(
    {
      group,
      version,
      namespace: ns,
      plural,
      name,
      body: { ...widget(name, spec), ...extra },
      fieldManager: manager,
      force,
    },
    as(PatchStrategy.ServerSideApply),
  );
const managers = (o: {
  metadata: { managedFields?: { manager: string; operation: string; fieldsV1: object }[] };
}) =>
  Object.fromEntries(
    (o.metadata.managedFields ?? []).map((m) => [`${m.manager}/${m.operation}`, m.fieldsV1]),
  );

describe('merge patch (RFC 7386)', () => {
  it('merges objects, replaces lists, and deletes keys set to null', async () => {
    await create('mp', { size: 3, tags: ['a', 'b'], notes: { keep: 'x', drop: 'y' } });
    const patched = await patch(
      'mp',
      { spec: { size: 4, tags: ['c'], notes: { drop: null } } },
      PatchStrategy.MergePatch,
    );
    expect(patched.spec).toEqual({ size: 4, color: 'green', tags: ['c'], notes: { keep: 'x' } });
  });

  it('honours a resourceVersion in the patch as a precondition (409 when stale)', async () => {
    const created = await create('mp-rv');
    await patch('mp-rv', { spec: { size: 5 } }, PatchStrategy.MergePatch);
    const { code } = await failure(
      patch(
        'mp-rv',
        { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { size: 6 } },
        PatchStrategy.MergePatch,
      ),
    );
    expect(code).toBe(409);
  });

  it('answers 404 for a missing object', async () => {
    expect(
      (await failure(patch('mp-missing', { spec: { size: 1 } }, PatchStrategy.MergePatch))).code,
    ).toBe(404);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove and test operations in order', async () => {
    await create('jp', { size: 3, tags: ['a'] });
    const ops = [
      { op: 'test', path: '/spec/size', value: 3 },
      { op: 'replace', path: '/spec/size', value: 7 },
      { op: 'add', path: '/spec/tags/-', value: 'b' },
      { op: 'add', path: '/metadata/labels', value: { 'app.kubernetes.io/name': 'jp' } },
      { op: 'remove', path: '/spec/color' },
    ];
    const patched = await patch('jp', ops, PatchStrategy.JsonPatch);
    expect(patched.spec.size).toBe(7);
    expect(patched.spec.tags).toEqual(['a', 'b']);
    expect(patched.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'jp' });
    expect(patched.spec.color).toBe('green');
  });

  it('refuses a failed test operation with 422 and changes nothing', async () => {
    const created = await create('jp-test');
    const { code } = await failure(
      patch(
        'jp-test',
        [
          { op: 'test', path: '/spec/size', value: 100 },
          { op: 'replace', path: '/spec/size', value: 1 },
        ],
        PatchStrategy.JsonPatch,
      ),
    );
    expect(code).toBe(422);
    const got = await h.custom.getNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      name: 'jp-test',
    });
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });
});

describe('strategic merge patch', () => {
  it('is refused for custom resources with 415 UnsupportedMediaType', async () => {
    await create('smp');
    const { code, body } = await failure(
      patch('smp', { spec: { size: 2 } }, PatchStrategy.StrategicMergePatch),
    );
    expect(code).toBe(415);
    expect(body.reason).toBe('UnsupportedMediaType');
  });

  it('is accepted for a built-in (lease)', async () => {
    await h.leases.createNamespacedLease({
      namespace: ns,
      body: { metadata: { name: 'smp-lease' }, spec: { holderIdentity: 'a' } },
    });
    const patched = await h.leases.patchNamespacedLease(
      { name: 'smp-lease', namespace: ns, body: { spec: { holderIdentity: 'b' } } },
      as(PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.holderIdentity).toBe('b');
  });
});

describe('server-side apply', () => {
  it('creates a missing object (201) and records an Apply entry in managedFields', async () => {
    const created = await apply('ssa-new', { size: 2, color: 'red' }, 'platform');
    expect(created.metadata.uid).toBeDefined();
    const entry = created.metadata.managedFields.find(
      (m: { manager: string }) => m.manager === 'platform',
    );
    expect(entry).toMatchObject({
      manager: 'platform',
      operation: 'Apply',
      apiVersion: `${group}/${version}`,
      fieldsType: 'FieldsV1',
    });
    expect(entry.time).toMatch(/Z$/);
    expect(entry.fieldsV1).toEqual({ 'f:spec': { 'f:size': {}, 'f:color': {} } });
  });

  it('requires fieldManager (400)', async () => {
    const { code } = await failure(
      h.custom.patchNamespacedCustomObject(
        {
          group,
          version,
          namespace: ns,
          plural,
          name: 'ssa-nomanager',
          body: widget('ssa-nomanager'),
        },
        as(PatchStrategy.ServerSideApply),
      ),
    );
    expect(code).toBe(400);
  });

  it('is a no-op when the same manager applies the same configuration again', async () => {
    const first = await apply('ssa-same', { size: 2 }, 'platform');
    const again = await apply('ssa-same', { size: 2 }, 'platform');
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });

  it('answers 409 naming the field and its owner when another manager set a different value', async () => {
    await apply('ssa-conflict', { size: 2 }, 'platform');
    const { code, body } = await failure(apply('ssa-conflict', { size: 5 }, 'operator'));
    expect(code).toBe(409);
    expect(body.reason).toBe('Conflict');
    expect(body.message).toBe('Apply failed with 1 conflict: conflict with "platform": .spec.size');
    expect((body.details as { causes: unknown[] }).causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "platform"', field: '.spec.size' },
    ]);
  });

  it('conflicts with the manager of an ordinary update too', async () => {
    await create('ssa-vs-update');
    const { body } = await failure(apply('ssa-vs-update', { size: 8 }, 'operator'));
    expect(body.message).toContain(
      'conflict with "kubernetes-client-javascript" using fake.marquee.dev/v1: .spec.size',
    );
  });

  it('shares ownership when a second manager applies the same value', async () => {
    await apply('ssa-share', { size: 2 }, 'platform');
    const shared = await apply('ssa-share', { size: 2 }, 'operator');
    expect(managers(shared)).toMatchObject({
      'platform/Apply': { 'f:spec': { 'f:size': {} } },
      'operator/Apply': { 'f:spec': { 'f:size': {} } },
    });
  });

  it('with force, overwrites the value and takes the field from the other manager', async () => {
    await apply('ssa-force', { size: 2, color: 'red' }, 'platform');
    const forced = await apply('ssa-force', { size: 6 }, 'operator', true);
    expect(forced.spec.size).toBe(6);
    expect(managers(forced)).toEqual({
      'platform/Apply': { 'f:spec': { 'f:color': {} } },
      'operator/Apply': { 'f:spec': { 'f:size': {} } },
    });
  });

  it('removes fields the manager applied before and omits now, unless someone else owns them', async () => {
    await apply('ssa-prune', { size: 2, code: 'ABC', tags: ['x'] }, 'platform');
    await apply('ssa-prune', { size: 2, tags: ['x'] }, 'other');
    const pruned = await apply('ssa-prune', { size: 2 }, 'platform');
    expect(pruned.spec.code).toBeUndefined();
    expect(pruned.spec.tags).toEqual(['x']);
  });

  it('merges list-map items by key on the status subresource', async () => {
    await create('ssa-status');
    const statusApply = (manager: string, conditions: object[]) =>
      h.custom.patchNamespacedCustomObjectStatus(
        {
          group,
          version,
          namespace: ns,
          plural,
          name: 'ssa-status',
          body: {
            apiVersion: `${group}/${version}`,
            kind: 'Widget',
            metadata: { name: 'ssa-status' },
            status: { conditions },
          },
          fieldManager: manager,
        },
        as(PatchStrategy.ServerSideApply),
      );
    await statusApply('ready-writer', [{ type: 'Ready', status: 'True' }]);
    const both = await statusApply('synced-writer', [{ type: 'Synced', status: 'False' }]);
    expect(both.status.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'Synced', status: 'False' },
    ]);
    const entry = both.metadata.managedFields.find(
      (m: { manager: string }) => m.manager === 'synced-writer',
    );
    expect(entry.subresource).toBe('status');
    expect(entry.fieldsV1).toEqual({
      'f:status': {
        'f:conditions': { 'k:{"type":"Synced"}': { '.': {}, 'f:type': {}, 'f:status': {} } },
      },
    });
  });

  it('applies finalizers as a set owned per manager', async () => {
    await apply('ssa-fin', { size: 1 }, 'one', false, {
      metadata: { name: 'ssa-fin', namespace: ns, finalizers: ['example.com/one'] },
    });
    const both = await apply('ssa-fin', { size: 1 }, 'two', false, {
      metadata: { name: 'ssa-fin', namespace: ns, finalizers: ['example.com/two'] },
    });
    expect(both.metadata.finalizers).toEqual(['example.com/one', 'example.com/two']);
    const less = await apply('ssa-fin', { size: 1 }, 'one', false, {
      metadata: { name: 'ssa-fin', namespace: ns },
    });
    expect(less.metadata.finalizers).toEqual(['example.com/two']);
  });
});
