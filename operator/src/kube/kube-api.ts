// The Kubernetes API calls the operator makes, through @kubernetes/client-node, each write
// counted by verb and resource (marquee_operator_api_writes_total).
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
  type V1Lease,
} from '@kubernetes/client-node';
import { GROUP, VERSION, type ResourceKind } from './resources.ts';

export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion: string; continue?: string };
}

export interface KubeApi {
  /** Path of a collection for a watch: one namespace, or all of them when `namespace` is ''. */
  collectionPath(kind: ResourceKind, namespace: string): string;
  list<T>(
    kind: ResourceKind,
    namespace: string,
    options?: { limit?: number; continue?: string },
  ): Promise<ObjectList<T>>;
  get<T>(kind: ResourceKind, namespace: string, name: string): Promise<T | undefined>;
  create<T>(kind: ResourceKind, namespace: string, body: object): Promise<T>;
  /** JSON merge patch (RFC 7386); a metadata.resourceVersion in the patch makes it conditional. */
  mergePatch<T>(kind: ResourceKind, namespace: string, name: string, patch: object): Promise<T>;
  /** PUT of the status subresource; the body's resourceVersion makes a stale write a 409. */
  replaceStatus<T>(kind: ResourceKind, namespace: string, name: string, body: object): Promise<T>;
  delete(kind: ResourceKind, namespace: string, name: string): Promise<void>;
  readLease(namespace: string, name: string): Promise<V1Lease | undefined>;
  createLease(namespace: string, lease: V1Lease): Promise<V1Lease>;
  replaceLease(namespace: string, name: string, lease: V1Lease): Promise<V1Lease>;
  createEvent(namespace: string, event: CoreV1Event): Promise<void>;
}

/** The HTTP status of a failed API call, or undefined for a failure without one (network). */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown; statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export const isNotFound = (err: unknown) => statusOf(err) === 404;
export const isConflict = (err: unknown) => statusOf(err) === 409;

/** The API server's own words (the Status message) for a failed call. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiException) {
    const body = err.body as unknown;
    if (typeof body === 'string') {
      try {
        const status = JSON.parse(body) as { message?: string };
        if (status.message) return `${err.code}: ${status.message}`;
      } catch {
        // Not a Status document; fall through to the code alone.
      }
    }
    return `the API server answered ${err.code}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function createKubeApi(
  kubeConfig: KubeConfig,
  onWrite: (verb: string, resource: string) => void = () => {},
): KubeApi {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const at = (kind: ResourceKind, namespace: string, name: string) => ({
    group: GROUP,
    version: VERSION,
    plural: kind.plural,
    namespace,
    name,
  });

  async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  return {
    collectionPath: (kind, namespace) =>
      namespace
        ? `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${kind.plural}`
        : `/apis/${GROUP}/${VERSION}/${kind.plural}`,
    async list(kind, namespace, options = {}) {
      const paging = { limit: options.limit, _continue: options.continue };
      const list = namespace
        ? await custom.listNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            plural: kind.plural,
            namespace,
            ...paging,
          })
        : await custom.listClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: kind.plural,
            ...paging,
          });
      return list as ObjectList<never>;
    },
    get: (kind, namespace, name) =>
      orUndefined(custom.getNamespacedCustomObject(at(kind, namespace, name))),
    async create(kind, namespace, body) {
      onWrite('create', kind.plural);
      return custom.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: kind.plural,
        namespace,
        body,
      });
    },
    async mergePatch(kind, namespace, name, patch) {
      onWrite('patch', kind.plural);
      return custom.patchNamespacedCustomObject(
        { ...at(kind, namespace, name), body: patch },
        mergePatch,
      );
    },
    async replaceStatus(kind, namespace, name, body) {
      onWrite('update', `${kind.plural}/status`);
      return custom.replaceNamespacedCustomObjectStatus({ ...at(kind, namespace, name), body });
    },
    async delete(kind, namespace, name) {
      onWrite('delete', kind.plural);
      await custom.deleteNamespacedCustomObject({
        ...at(kind, namespace, name),
        propagationPolicy: 'Background',
      });
    },
    readLease: (namespace, name) =>
      orUndefined(coordination.readNamespacedLease({ namespace, name })),
    async createLease(namespace, lease) {
      onWrite('create', 'leases');
      return coordination.createNamespacedLease({ namespace, body: lease });
    },
    async replaceLease(namespace, name, lease) {
      onWrite('update', 'leases');
      return coordination.replaceNamespacedLease({ namespace, name, body: lease });
    },
    async createEvent(namespace, event) {
      onWrite('create', 'events');
      await core.createNamespacedEvent({ namespace, body: event });
    },
  };
}
