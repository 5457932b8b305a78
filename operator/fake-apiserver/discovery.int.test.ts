// Conformance: discovery, CRD lifecycle, events, and the fake's test controls (failures, request log, tokens).
// Pins https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api (APIGroupList,
// APIResourceList with verbs, shortNames, categories and subresources) and
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
// (a created CRD becomes Established and its resource is served; deleting it removes its objects).
import {
  CustomObjectsApi,
  KubernetesObjectApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeConfigFor, startFakeApiServer } from './index.ts';
import {
  failure,
  gizmoCrd,
  group,
  postCrd,
  startHarness,
  version,
  widget,
  widgetCrd,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

const getJson = async (path: string) =>
  (await fetch(h.server.url + path)).json() as Promise<Record<string, unknown>>;
type ResourceEntry = {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
};

describe('discovery', () => {
  it('lists the core version and the built-in resources the operator uses', async () => {
    expect(await getJson('/api')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const core = (await getJson('/api/v1')) as { resources: ResourceEntry[] };
    expect(core.resources.map((r) => r.name).sort()).toEqual(['events', 'namespaces']);
    const groups = (await getJson('/apis')) as {
      kind: string;
      groups: { name: string; preferredVersion: { groupVersion: string } }[];
    };
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'coordination.k8s.io',
        'events.k8s.io',
        'apiextensions.k8s.io',
        group,
      ]),
    );
    expect(await getJson('/apis/coordination.k8s.io')).toMatchObject({
      kind: 'APIGroup',
      name: 'coordination.k8s.io',
      preferredVersion: { groupVersion: 'coordination.k8s.io/v1', version: 'v1' },
    });
    const leases = (await getJson('/apis/coordination.k8s.io/v1')) as {
      resources: ResourceEntry[];
    };
    expect(leases.resources).toEqual([
      expect.objectContaining({
        name: 'leases',
        kind: 'Lease',
        namespaced: true,
        verbs: expect.arrayContaining(['create', 'get', 'update', 'watch']),
      }),
    ]);
  });

  it('describes a custom resource with short names, categories and its status subresource', async () => {
    const list = (await getJson(`/apis/${group}/${version}`)) as {
      kind: string;
      groupVersion: string;
      resources: ResourceEntry[];
    };
    expect(list).toMatchObject({ kind: 'APIResourceList', groupVersion: `${group}/${version}` });
    expect(list.resources).toContainEqual(
      expect.objectContaining({
        name: 'widgets',
        singularName: 'widget',
        kind: 'Widget',
        namespaced: true,
        shortNames: ['wdg'],
        categories: ['marquee'],
      }),
    );
    expect(list.resources).toContainEqual(
      expect.objectContaining({
        name: 'widgets/status',
        kind: 'Widget',
        verbs: ['get', 'patch', 'update'],
      }),
    );
    expect(list.resources.find((r) => r.name === 'gizmos')?.namespaced).toBe(false);
  });

  it('answers 404 for unknown groups and resources', async () => {
    expect((await fetch(`${h.server.url}/apis/nope.example.com/v1`)).status).toBe(404);
    expect(
      (
        await failure(
          h.custom.listNamespacedCustomObject({
            group,
            version,
            namespace: 'default',
            plural: 'nopes',
          }),
        )
      ).code,
    ).toBe(404);
  });

  it('serves what KubernetesObjectApi needs (it resolves kinds through discovery)', async () => {
    const objects = KubernetesObjectApi.makeApiClient(h.kc);
    await objects.create(widget('koa') as KubernetesObject);
    const read = await objects.read({
      apiVersion: `${group}/${version}`,
      kind: 'Widget',
      metadata: { name: 'koa', namespace: 'default' },
    });
    expect(read.metadata?.uid).toBeDefined();
  });
});

describe('CRD lifecycle', () => {
  it('serves a CRD created at runtime once Established, and stops when it is deleted', async () => {
    const server = await startFakeApiServer({ logger: { warn: () => {} } });
    try {
      expect((await fetch(`${server.url}/apis/${group}/${version}`)).status).toBe(404);
      const { status, body } = await postCrd(server, widgetCrd);
      expect(status).toBe(201);
      const conditions = (body.status as { conditions: { type: string; status: string }[] })
        .conditions;
      expect(conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'Established', status: 'True' }),
          expect.objectContaining({ type: 'NamesAccepted', status: 'True' }),
        ]),
      );
      const custom = kubeConfigFor(server).makeApiClient(CustomObjectsApi);
      await custom.createNamespacedCustomObject({
        group,
        version,
        namespace: 'default',
        plural: 'widgets',
        body: widget('short-lived'),
      });
      const res = await fetch(
        `${server.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`,
        { method: 'DELETE' },
      );
      expect(res.status).toBe(200);
      expect(
        (await fetch(`${server.url}/apis/${group}/${version}/namespaces/default/widgets`)).status,
      ).toBe(404);
      expect((await postCrd(server, widgetCrd)).status).toBe(201);
      expect(server.objects('widgets')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses a CRD whose name is not plural.group (422)', async () => {
    const { status, body } = await postCrd(h.server, {
      ...gizmoCrd,
      metadata: { name: 'wrong.name.dev' },
    });
    expect(status).toBe(422);
    expect(body.message).toContain('must be spec.names.plural+"."+spec.group');
  });
});

describe('events', () => {
  it('accepts core v1 and events.k8s.io/v1 events and filters them by involved object', async () => {
    await h.core.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'w.1' },
        involvedObject: { kind: 'Widget', name: 'w', namespace: 'default' },
        reason: 'Provisioned',
        message: 'ok',
        type: 'Normal',
      },
    });
    await h.core.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'other.1' },
        involvedObject: { kind: 'Widget', name: 'other' },
        reason: 'X',
      },
    });
    const mine = await h.core.listNamespacedEvent({
      namespace: 'default',
      fieldSelector: 'involvedObject.name=w',
    });
    expect(mine.items.map((e) => e.reason)).toEqual(['Provisioned']);
    const created = await h.events.createNamespacedEvent({
      namespace: 'default',
      body: {
        metadata: { name: 'w.2' },
        eventTime: new Date(),
        reportingController: 'marquee.dev/operator',
        reportingInstance: 'op-1',
        action: 'Reconcile',
        reason: 'Provisioned',
        regarding: { kind: 'Widget', name: 'w' },
        type: 'Normal',
      },
    });
    expect(created.metadata?.uid).toBeDefined();
    expect(h.server.objects('events.events.k8s.io', 'default')).toHaveLength(1);
  });
});
