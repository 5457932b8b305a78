// Test CRDs for the fake's conformance tests: Widget (namespaced, status subresource) and Gizmo (cluster-scoped, no status subresource).
import {
  CoreV1Api,
  CustomObjectsApi,
  ApiextensionsV1Api,
  CoordinationV1Api,
  EventsV1Api,
  type KubeConfig,
} from '@kubernetes/client-node';
import {
  kubeConfigFor,
  startFakeApiServer,
  type FakeApiServer,
  type FakeApiServerOptions,
  type KubeObject,
} from './index.ts';

export const group = 'fake.marquee.dev';
export const version = 'v1';

export const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      shortNames: ['wdg'],
      categories: ['marquee'],
    },
    versions: [
      {
        name: version,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                'x-kubernetes-validations': [
                  {
                    rule: '!has(self.window) || self.window.opensAt < self.window.closesAt',
                    message: 'the window must open before it closes',
                  },
                  {
                    rule: '!has(oldSelf.retired) || !oldSelf.retired || (has(self.retired) && self.retired)',
                    message: 'a retired widget stays retired',
                  },
                ],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 100 },
                  color: { type: 'string', enum: ['red', 'green', 'blue'], default: 'green' },
                  startsAt: { type: 'string', format: 'date-time' },
                  window: {
                    type: 'object',
                    properties: {
                      opensAt: { type: 'string', format: 'date-time' },
                      closesAt: { type: 'string', format: 'date-time' },
                    },
                  },
                  retired: { type: 'boolean' },
                  tags: {
                    type: 'array',
                    items: { type: 'string' },
                    maxItems: 3,
                    'x-kubernetes-list-type': 'set',
                  },
                  port: { 'x-kubernetes-int-or-string': true },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  notes: { type: 'object', additionalProperties: { type: 'string' } },
                  code: { type: 'string', pattern: '^[A-Z]{3}$' },
                },
              },
              status: {
                type: 'object',
                properties: {
                  phase: { type: 'string' },
                  observedGeneration: { type: 'integer' },
                  conditions: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['type'],
                    items: {
                      type: 'object',
                      required: ['type', 'status'],
                      properties: {
                        type: { type: 'string' },
                        status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
                        reason: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

export const gizmoCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `gizmos.${group}` },
  spec: {
    group,
    scope: 'Cluster',
    names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
    versions: [
      {
        name: version,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { level: { type: 'integer' } } },
              status: { type: 'object', properties: { seen: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

export function widget(
  name: string,
  spec: Record<string, unknown> = { size: 3 },
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: `${group}/${version}`,
    kind: 'Widget',
    metadata: { name, namespace: 'default', ...metadata },
    spec,
  };
}

export interface Harness {
  server: FakeApiServer;
  kc: KubeConfig;
  custom: CustomObjectsApi;
  core: CoreV1Api;
  events: EventsV1Api;
  leases: CoordinationV1Api;
  crds: ApiextensionsV1Api;
}

/** A fake with the test CRDs installed and clients for it; warnings are kept quiet but recorded. */
export async function startHarness(options: FakeApiServerOptions = {}): Promise<Harness> {
  const server = await startFakeApiServer({
    crds: [widgetCrd, gizmoCrd],
    bookmarkIntervalMs: 200,
    logger: { warn: () => {} },
    ...options,
  });
  const kc = kubeConfigFor(server);
  return {
    server,
    kc,
    custom: kc.makeApiClient(CustomObjectsApi),
    core: kc.makeApiClient(CoreV1Api),
    events: kc.makeApiClient(EventsV1Api),
    leases: kc.makeApiClient(CoordinationV1Api),
    crds: kc.makeApiClient(ApiextensionsV1Api),
  };
}

/**
 * Installs a CRD with a plain JSON POST. The typed ApiextensionsV1Api would serialise a plain object
 * through its model and silently drop keys such as `x-kubernetes-validations`, `enum` and `default`.
 */
export async function postCrd(
  server: FakeApiServer,
  crd: KubeObject,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(crd),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The Status body of a failed client call. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    const body =
      typeof e.body === 'string'
        ? (JSON.parse(e.body) as Record<string, unknown>)
        : ((e.body ?? {}) as Record<string, unknown>);
    return { code: e.code ?? 0, body };
  }
  throw new Error('expected the call to fail');
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
