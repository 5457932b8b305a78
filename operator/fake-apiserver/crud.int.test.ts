// Conformance: CRUD, resourceVersion and optimistic concurrency, through @kubernetes/client-node.
// Pins https://kubernetes.io/docs/reference/using-api/api-concepts/ (resource versions, list chunking,
// selectors) and https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md
// (concurrency control and consistency; metav1.Status responses). LIST is pinned in list.int.test.ts.
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

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

const create = (body: object) =>
  h.custom.createNamespacedCustomObject({ group, version, namespace: ns, plural, body });
const get = (name: string) =>
  h.custom.getNamespacedCustomObject({ group, version, namespace: ns, plural, name });

describe('create and get', () => {
  it('stamps uid, creationTimestamp, generation 1 and a resourceVersion; GET returns the same object', async () => {
    const created = await create(widget('crud-create'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    const got = await get('crud-create');
    expect(got).toEqual(created);
  });

  it('answers 409 AlreadyExists for a second create of the same name', async () => {
    await create(widget('crud-twice'));
    const { code, body } = await failure(create(widget('crud-twice')));
    expect(code).toBe(409);
    expect(body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
    });
    expect(body.details).toMatchObject({ name: 'crud-twice', group, kind: plural });
  });

  it('generates a name from generateName', async () => {
    const created = await create({
      ...widget(''),
      metadata: { generateName: 'gen-', namespace: ns },
    });
    expect(created.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('answers 404 NotFound as a Status naming the object', async () => {
    const { code, body } = await failure(get('crud-missing'));
    expect(code).toBe(404);
    expect(body).toMatchObject({
      reason: 'NotFound',
      message: 'widgets.fake.marquee.dev "crud-missing" not found',
    });
  });

  it('refuses a body whose namespace differs from the path (400 BadRequest)', async () => {
    const { code, body } = await failure(
      create({ ...widget('crud-ns'), metadata: { name: 'crud-ns', namespace: 'elsewhere' } }),
    );
    expect(code).toBe(400);
    expect(body.reason).toBe('BadRequest');
  });

  it("refuses a resourceVersion on create with the storage layer's bare 500", async () => {
    const { code, body } = await failure(
      create({ ...widget('crud-rv'), metadata: { name: 'crud-rv', resourceVersion: '5' } }),
    );
    expect(code).toBe(500);
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'resourceVersion should not be set on objects to be created',
      code: 500,
    });
  });

  it('refuses a name that is not a DNS subdomain (422)', async () => {
    const { code, body } = await failure(create(widget('Not_Valid')));
    expect(code).toBe(422);
    expect((body.details as { causes: { field: string }[] }).causes[0]?.field).toBe(
      'metadata.name',
    );
  });
});

describe('resourceVersion and concurrency', () => {
  it('is one global counter that grows with every write, across resources', async () => {
    const a = await create(widget('rv-a'));
    const lease = await h.leases.createNamespacedLease({
      namespace: ns,
      body: { metadata: { name: 'rv-lease' }, spec: { holderIdentity: 'x' } },
    });
    const b = await create(widget('rv-b'));
    const ra = Number(a.metadata.resourceVersion);
    const rl = Number(lease.metadata?.resourceVersion);
    const rb = Number(b.metadata.resourceVersion);
    expect(rl).toBeGreaterThan(ra);
    expect(rb).toBeGreaterThan(rl);
    expect(Number(h.server.resourceVersion())).toBeGreaterThanOrEqual(rb);
  });

  it('answers a PUT with a stale resourceVersion with the exact 409 Conflict Status', async () => {
    const created = await create(widget('rv-stale'));
    const fresh = await h.custom.replaceNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      name: 'rv-stale',
      body: { ...created, spec: { size: 4 } },
    });
    expect(Number(fresh.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const { code, body } = await failure(
      h.custom.replaceNamespacedCustomObject({
        group,
        version,
        namespace: ns,
        plural,
        name: 'rv-stale',
        body: { ...created, spec: { size: 5 } },
      }),
    );
    expect(code).toBe(409);
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on widgets.fake.marquee.dev "rv-stale": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'rv-stale', group, kind: plural },
      code: 409,
    });
    expect((await get('rv-stale')).spec.size).toBe(4);
  });

  it('requires metadata.resourceVersion on a custom resource PUT (422), but not on a lease', async () => {
    const created = await create(widget('rv-missing'));
    const { metadata } = created;
    const { code } = await failure(
      h.custom.replaceNamespacedCustomObject({
        group,
        version,
        namespace: ns,
        plural,
        name: 'rv-missing',
        body: { ...created, metadata: { ...metadata, resourceVersion: undefined } },
      }),
    );
    expect(code).toBe(422);
    const lease = await h.leases.createNamespacedLease({
      namespace: ns,
      body: { metadata: { name: 'rv-free' }, spec: { holderIdentity: 'a' } },
    });
    const replaced = await h.leases.replaceNamespacedLease({
      name: 'rv-free',
      namespace: ns,
      body: { metadata: { name: 'rv-free' }, spec: { holderIdentity: 'b' } },
    });
    expect(replaced.spec?.holderIdentity).toBe('b');
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(lease.metadata?.resourceVersion),
    );
  });

  it('does not write at all when a PUT changes nothing (same resourceVersion back)', async () => {
    const created = await create(widget('rv-noop'));
    const same = await h.custom.replaceNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      name: 'rv-noop',
      body: created,
    });
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('gives lease leader election its 409 on a stale renew', async () => {
    const lease = await h.leases.createNamespacedLease({
      namespace: ns,
      body: {
        metadata: { name: 'leader' },
        spec: { holderIdentity: 'replica-a', leaseDurationSeconds: 15 },
      },
    });
    await h.leases.replaceNamespacedLease({
      name: 'leader',
      namespace: ns,
      body: { ...lease, spec: { holderIdentity: 'replica-b', leaseDurationSeconds: 15 } },
    });
    const { code, body } = await failure(
      h.leases.replaceNamespacedLease({
        name: 'leader',
        namespace: ns,
        body: { ...lease, spec: { holderIdentity: 'replica-a' } },
      }),
    );
    expect(code).toBe(409);
    expect(body.reason).toBe('Conflict');
    const { code: again } = await failure(
      h.leases.createNamespacedLease({
        namespace: ns,
        body: { metadata: { name: 'leader' }, spec: {} },
      }),
    );
    expect(again).toBe(409);
  });
});

describe('cluster-scoped custom resources', () => {
  it('creates, gets and deletes without a namespace', async () => {
    const body = {
      apiVersion: `${group}/${version}`,
      kind: 'Gizmo',
      metadata: { name: 'giz-crud' },
      spec: { level: 1 },
    };
    const created = await h.custom.createClusterCustomObject({
      group,
      version,
      plural: 'gizmos',
      body,
    });
    expect(created.metadata.namespace).toBeUndefined();
    await h.custom.deleteClusterCustomObject({
      group,
      version,
      plural: 'gizmos',
      name: 'giz-crud',
    });
    expect(
      (
        await failure(
          h.custom.getClusterCustomObject({ group, version, plural: 'gizmos', name: 'giz-crud' }),
        )
      ).code,
    ).toBe(404);
  });
});
