// Conformance: finalizers, deletionTimestamp, preconditions and owner-reference garbage collection.
// Pins https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/ (deletion waits for
// finalizers; no new finalizers once deleting) and
// https://kubernetes.io/docs/concepts/architecture/garbage-collection/ (background, foreground and
// orphan cascading deletion; blockOwnerDeletion; foregroundDeletion and orphan finalizers).
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failure,
  group,
  startHarness,
  version,
  waitFor,
  widget,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;
const ns = 'default';
const plural = 'widgets';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const hold = 'example.com/hold';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

type Meta = Record<string, unknown>;
const create = (name: string, metadata: Meta = {}) =>
  h.custom.createNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural,
    body: widget(name, { size: 3 }, metadata),
  });
const patch = (name: string, body: object) =>
  h.custom.patchNamespacedCustomObject(
    { group, version, namespace: ns, plural, name, body },
    merge,
  );
const remove = (name: string, propagationPolicy?: string, body?: object) =>
  h.custom.deleteNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural,
    name,
    propagationPolicy,
    body,
  });
const exists = (name: string) => h.server.object('widgets', ns, name);

function ownedBy(owner: { metadata: { name: string; uid: string } }, block = true): Meta {
  return {
    ownerReferences: [
      {
        apiVersion: `${group}/${version}`,
        kind: 'Widget',
        name: owner.metadata.name,
        uid: owner.metadata.uid,
        controller: true,
        blockOwnerDeletion: block,
      },
    ],
  };
}

describe('finalizers', () => {
  it('keeps an object with finalizers, sets deletionTimestamp, and removes it when the finalizers are emptied', async () => {
    await create('fin-flow', { finalizers: [hold] });
    const marked = await remove('fin-flow');
    expect(marked.metadata.deletionTimestamp).toMatch(/Z$/);
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(exists('fin-flow')?.metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);
    const again = await remove('fin-flow');
    expect(again.metadata.deletionTimestamp).toBe(marked.metadata.deletionTimestamp);
    await patch('fin-flow', { metadata: { finalizers: [] } });
    expect(exists('fin-flow')).toBeUndefined();
  });

  it('forbids adding a finalizer once deletion started (422), but still accepts spec changes', async () => {
    await create('fin-forbid', { finalizers: [hold] });
    await remove('fin-forbid');
    const { code, body } = await failure(
      patch('fin-forbid', { metadata: { finalizers: [hold, 'example.com/late'] } }),
    );
    expect(code).toBe(422);
    expect(body.message).toContain('no new finalizers can be added if the object is being deleted');
    const changed = await patch('fin-forbid', { spec: { size: 4 } });
    expect(changed.spec.size).toBe(4);
    await patch('fin-forbid', { metadata: { finalizers: null } });
    expect(exists('fin-forbid')).toBeUndefined();
  });

  it('removes an object without finalizers at once and answers with it', async () => {
    await create('fin-none');
    const gone = await remove('fin-none');
    expect(gone.metadata.name).toBe('fin-none');
    expect(exists('fin-none')).toBeUndefined();
    expect((await failure(remove('fin-none'))).code).toBe(404);
  });

  it('checks uid and resourceVersion preconditions (409 Conflict)', async () => {
    const created = await create('fin-pre');
    const stale = await failure(
      remove('fin-pre', undefined, {
        preconditions: { uid: '00000000-0000-0000-0000-000000000000' },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.message).toContain('Precondition failed: UID in precondition');
    const rv = await failure(
      remove('fin-pre', undefined, { preconditions: { resourceVersion: '1' } }),
    );
    expect(rv.code).toBe(409);
    await remove('fin-pre', undefined, {
      preconditions: {
        uid: created.metadata.uid,
        resourceVersion: created.metadata.resourceVersion,
      },
    });
    expect(exists('fin-pre')).toBeUndefined();
  });
});

describe('garbage collection', () => {
  it('Background: the owner goes at once, then its dependents', async () => {
    const owner = await create('gc-bg-owner');
    await create('gc-bg-child-1', ownedBy(owner));
    await create('gc-bg-child-2', ownedBy(owner, false));
    await remove('gc-bg-owner', 'Background');
    expect(exists('gc-bg-owner')).toBeUndefined();
    await waitFor(
      () => exists('gc-bg-child-1') === undefined && exists('gc-bg-child-2') === undefined,
    );
  });

  it('Background: a dependent with a finalizer gets a deletionTimestamp and waits for it', async () => {
    const owner = await create('gc-fin-owner');
    await create('gc-fin-child', { ...ownedBy(owner), finalizers: [hold] });
    await remove('gc-fin-owner');
    const waiting = await waitFor(() => exists('gc-fin-child')?.metadata.deletionTimestamp);
    expect(waiting).toMatch(/Z$/);
    await patch('gc-fin-child', { metadata: { finalizers: null } });
    expect(exists('gc-fin-child')).toBeUndefined();
  });

  it('Foreground: the owner stays with foregroundDeletion until blocking dependents are gone', async () => {
    const owner = await create('gc-fg-owner');
    await create('gc-fg-child', { ...ownedBy(owner), finalizers: [hold] });
    const marked = await remove('gc-fg-owner', 'Foreground');
    expect(marked.metadata.finalizers).toContain('foregroundDeletion');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    await waitFor(() => exists('gc-fg-child')?.metadata.deletionTimestamp);
    await new Promise((r) => setTimeout(r, 100));
    expect(exists('gc-fg-owner')).toBeDefined();
    await patch('gc-fg-child', { metadata: { finalizers: null } });
    await waitFor(() => exists('gc-fg-owner') === undefined);
  });

  it('Foreground: dependents without blockOwnerDeletion are deleted but do not hold the owner', async () => {
    const owner = await create('gc-fg2-owner');
    await create('gc-fg2-child', { ...ownedBy(owner, false), finalizers: [hold] });
    await remove('gc-fg2-owner', 'Foreground');
    await waitFor(() => exists('gc-fg2-owner') === undefined);
    expect(exists('gc-fg2-child')?.metadata.deletionTimestamp).toBeDefined();
    await patch('gc-fg2-child', { metadata: { finalizers: null } });
  });

  it('Orphan: dependents survive with the owner reference removed', async () => {
    const owner = await create('gc-or-owner');
    await create('gc-or-child', ownedBy(owner));
    await remove('gc-or-owner', 'Orphan');
    await waitFor(() => exists('gc-or-owner') === undefined);
    const child = exists('gc-or-child');
    expect(child).toBeDefined();
    expect(child?.metadata.ownerReferences).toBeUndefined();
    expect(child?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('keeps a dependent that still has a live owner, dropping only the dangling reference', async () => {
    const first = await create('gc-two-a');
    const second = await create('gc-two-b');
    const refs = [
      ...(ownedBy(first).ownerReferences as object[]),
      {
        apiVersion: `${group}/${version}`,
        kind: 'Widget',
        name: 'gc-two-b',
        uid: second.metadata.uid,
      },
    ];
    await create('gc-two-child', { ownerReferences: refs });
    await remove('gc-two-a');
    await waitFor(() => exists('gc-two-child')?.metadata.ownerReferences?.length === 1);
    expect(exists('gc-two-child')?.metadata.ownerReferences?.[0]?.name).toBe('gc-two-b');
  });

  it('refuses an unknown propagationPolicy (422)', async () => {
    await create('gc-policy');
    expect((await failure(remove('gc-policy', 'Sideways'))).code).toBe(422);
  });
});
