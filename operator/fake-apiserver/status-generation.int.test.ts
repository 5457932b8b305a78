// Conformance: metadata.generation rules and the status subresource, through @kubernetes/client-node.
// Pins https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#status-subresource
// ("PUT/POST/PATCH requests to the custom resource ignore changes to the status stanza"; "the
// .metadata.generation value is incremented for all changes, except for changes to .metadata or .status";
// "PUT requests to the /status subresource ... ignore changes to anything except the status stanza").
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
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

const create = (name: string) =>
  h.custom.createNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural,
    body: widget(name),
  });
const patch = (name: string, body: object) =>
  h.custom.patchNamespacedCustomObject(
    { group, version, namespace: ns, plural, name, body },
    merge,
  );
const patchStatus = (name: string, body: object) =>
  h.custom.patchNamespacedCustomObjectStatus(
    { group, version, namespace: ns, plural, name, body },
    merge,
  );

describe('generation', () => {
  it('is bumped by a spec change and only by a spec change', async () => {
    await create('gen-spec');
    const spec = await patch('gen-spec', { spec: { size: 9 } });
    expect(spec.metadata.generation).toBe(2);
    const labelled = await patch('gen-spec', {
      metadata: {
        labels: { a: 'b' },
        annotations: { note: 'x' },
        finalizers: ['example.com/hold'],
      },
    });
    expect(labelled.metadata.generation).toBe(2);
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(
      Number(spec.metadata.resourceVersion),
    );
    const status = await patchStatus('gen-spec', {
      status: { phase: 'Ready', observedGeneration: 2 },
    });
    expect(status.metadata.generation).toBe(2);
    await patch('gen-spec', { metadata: { finalizers: null } });
  });

  it('counts status changes when the CRD has no status subresource', async () => {
    const body = {
      apiVersion: `${group}/${version}`,
      kind: 'Gizmo',
      metadata: { name: 'gen-gizmo' },
      spec: { level: 1 },
    };
    await h.custom.createClusterCustomObject({ group, version, plural: 'gizmos', body });
    const changed = await h.custom.patchClusterCustomObject(
      { group, version, plural: 'gizmos', name: 'gen-gizmo', body: { status: { seen: 3 } } },
      merge,
    );
    expect(changed.status).toEqual({ seen: 3 });
    expect(changed.metadata.generation).toBe(2);
    const { code } = await failure(
      h.custom.getClusterCustomObjectStatus({
        group,
        version,
        plural: 'gizmos',
        name: 'gen-gizmo',
      }),
    );
    expect(code).toBe(404);
  });

  it('is bumped when deletion starts on an object with finalizers', async () => {
    await h.custom.createNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      body: widget('gen-delete', { size: 1 }, { finalizers: ['example.com/hold'] }),
    });
    const deleting = await h.custom.deleteNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      name: 'gen-delete',
    });
    expect(deleting.metadata.generation).toBe(2);
    await patch('gen-delete', { metadata: { finalizers: null } });
  });
});

describe('status subresource', () => {
  it('ignores status on create and on writes to the main resource', async () => {
    const created = await h.custom.createNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      body: { ...widget('st-main'), status: { phase: 'Forged' } },
    });
    expect(created.status).toBeUndefined();
    const replaced = await h.custom.replaceNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      name: 'st-main',
      body: { ...created, status: { phase: 'Forged' } },
    });
    expect(replaced.status).toBeUndefined();
    expect(replaced.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('changes only status through /status, ignoring spec and metadata sent with it', async () => {
    const created = await create('st-only');
    const updated = await h.custom.replaceNamespacedCustomObjectStatus({
      group,
      version,
      namespace: ns,
      plural,
      name: 'st-only',
      body: {
        ...created,
        metadata: { ...created.metadata, labels: { sneaky: 'yes' } },
        spec: { size: 99 },
        status: { phase: 'Ready', observedGeneration: 1 },
      },
    });
    expect(updated.status).toEqual({ phase: 'Ready', observedGeneration: 1 });
    expect(updated.spec.size).toBe(3);
    expect(updated.metadata.labels).toBeUndefined();
    expect(updated.metadata.generation).toBe(1);
    const got = await h.custom.getNamespacedCustomObjectStatus({
      group,
      version,
      namespace: ns,
      plural,
      name: 'st-only',
    });
    expect(got.status.phase).toBe('Ready');
  });

  it('answers a stale status PUT with 409 Conflict', async () => {
    const created = await create('st-stale');
    await patchStatus('st-stale', { status: { phase: 'One' } });
    const { code, body } = await failure(
      h.custom.replaceNamespacedCustomObjectStatus({
        group,
        version,
        namespace: ns,
        plural,
        name: 'st-stale',
        body: { ...created, status: { phase: 'Two' } },
      }),
    );
    expect(code).toBe(409);
    expect(body.reason).toBe('Conflict');
  });

  it('validates status against the schema (422 naming the field)', async () => {
    await create('st-invalid');
    const { code, body } = await failure(
      patchStatus('st-invalid', { status: { conditions: [{ type: 'Ready', status: 'Maybe' }] } }),
    );
    expect(code).toBe(422);
    expect((body.details as { causes: { field: string }[] }).causes[0]?.field).toBe(
      'status.conditions[0].status',
    );
  });

  it('does not write when the status is unchanged (no resourceVersion bump)', async () => {
    await create('st-noop');
    const first = await patchStatus('st-noop', { status: { phase: 'Ready' } });
    const again = await patchStatus('st-noop', { status: { phase: 'Ready' } });
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
  });
});
