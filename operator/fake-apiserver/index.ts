// A faithful fake of the Kubernetes API parts the operator uses, on loopback HTTP, for tests and benches.
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { FailureRule, RecordedRequest, WriteCounts } from './journal.ts';
import { FakeCore } from './server.ts';
import { isObject, type KubeObject } from './types.ts';

export type { FailureRule, RecordedRequest, WriteCounts } from './journal.ts';
export type { KubeObject, ObjectMeta, OwnerReference, ManagedFieldsEntry } from './types.ts';

export interface FakeApiServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Period of BOOKMARK events on watches that allow them. Default 1000 ms. */
  bookmarkIntervalMs?: number;
  /** Watch length when the client sends no timeoutSeconds. Default 1800 s. */
  watchTimeoutSeconds?: number;
  /** Events kept for watches; older resourceVersions get 410 Expired. Default 10,000. */
  historyLimit?: number;
  /** Answer 401 to requests without a bearer token. Default false (any token, or none, is accepted). */
  requireToken?: boolean;
  /** Refuse writes into namespaces that do not exist (404), as a real server does. Default false. */
  strictNamespaces?: boolean;
  /** Namespaces present at start. Default default, kube-system, kube-public, kube-node-lease. */
  namespaces?: string[];
  /** CRDs installed at start: objects, or paths of YAML files (several documents allowed). */
  crds?: Array<KubeObject | string>;
  /** Where warnings go (CEL rules the library cannot evaluate, GC trouble). Default console.warn. */
  logger?: { warn(message: string): void };
}

export interface FakeApiServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order (watches included). */
  readonly requests: readonly RecordedRequest[];
  /** Warnings logged so far (for example CEL rules skipped). */
  readonly warnings: readonly string[];
  /** Watch streams open right now. */
  readonly openWatches: number;
  /** The current global resourceVersion. */
  resourceVersion(): string;
  /** Closes every open watch stream abruptly (socket destroyed); returns how many. */
  dropWatches(): number;
  /** Keeps watch streams open but silent (no events, no bookmarks) for ms; held events follow after. */
  stallWatches(ms: number): void;
  /** Moves the event-history horizon to now: watches from any older resourceVersion get 410 Expired. */
  compact(): string;
  /** Answers the next matching request(s) with an injected Status failure. */
  failNext(rule: FailureRule): void;
  clearFailures(): void;
  /** Writes (create, update, patch, delete, deletecollection) by verb and resource, optionally since a time (ms). */
  writeCounts(sinceMs?: number): WriteCounts;
  /** Forgets the request log (not the objects). */
  resetRequests(): void;
  /** Stored objects of a resource (`showtimes`, `shw`, `leases`, `events.events.k8s.io`...), optionally in one namespace. */
  objects(resource: string, namespace?: string): KubeObject[];
  /** One stored object, or undefined. */
  object(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  close(): Promise<void>;
}

function loadCrds(entries: Array<KubeObject | string>): KubeObject[] {
  return entries.flatMap((entry) => {
    if (typeof entry !== 'string') return [entry];
    return parseAllDocuments(readFileSync(entry, 'utf8'))
      .map((doc) => doc.toJS() as unknown)
      .filter((doc): doc is KubeObject => isObject(doc) && doc.kind === 'CustomResourceDefinition');
  });
}

export async function startFakeApiServer(
  options: FakeApiServerOptions = {},
): Promise<FakeApiServer> {
  const warnings: string[] = [];
  const sink = options.logger ?? { warn: (m: string) => console.warn(m) };
  const logger = {
    warn(message: string): void {
      warnings.push(message);
      sink.warn(message);
    },
  };
  const core = new FakeCore({
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
    historyLimit: options.historyLimit ?? 10_000,
    requireToken: options.requireToken ?? false,
    strictNamespaces: options.strictNamespaces ?? false,
    logger,
  });
  const system = { manager: 'kube-apiserver', dryRun: false, fieldValidation: 'Strict' as const };
  const namespaceType = core.registry.find('', 'v1', 'namespaces');
  for (const name of options.namespaces ?? [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
  ]) {
    if (namespaceType)
      core.writer.create(
        namespaceType,
        undefined,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        system,
      );
  }
  const crdType = core.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  for (const crd of loadCrds(options.crds ?? []))
    if (crdType) core.writer.create(crdType, undefined, crd, system);
  const port = await core.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const resolve = (resource: string) => {
    const rt = core.registry.resolve(resource);
    if (!rt) throw new Error(`fake-apiserver: unknown resource ${JSON.stringify(resource)}`);
    return rt;
  };
  return {
    url,
    port,
    get requests() {
      return core.journal.requests;
    },
    warnings,
    get openWatches() {
      return core.watches.openCount;
    },
    resourceVersion: () => String(core.store.resourceVersion),
    dropWatches: () => core.watches.drop(),
    stallWatches: (ms) => core.watches.stall(ms),
    compact: () => String(core.store.compact()),
    failNext: (rule) => core.journal.failNext(rule),
    clearFailures: () => core.journal.clearFailures(),
    writeCounts: (sinceMs) => core.journal.writeCounts(sinceMs),
    resetRequests: () => core.journal.reset(),
    objects: (resource, namespace) => core.store.list(resolve(resource).storage, namespace),
    object: (resource, namespace, name) =>
      core.store.get(resolve(resource).storage, namespace, name),
    close: () => core.close(),
  };
}

export interface KubeConfigOptions {
  /** Bearer token to send. Default `fake-token`. */
  token?: string;
  /** The context's default namespace. */
  namespace?: string;
}

/** A KubeConfig pointing @kubernetes/client-node at the fake (plain HTTP, bearer token). */
export function kubeConfigFor(
  server: Pick<FakeApiServer, 'url'>,
  options: KubeConfigOptions = {},
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'fake', token: options.token ?? 'fake-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace: options.namespace }],
    currentContext: 'fake',
  });
  return kc;
}
