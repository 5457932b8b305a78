// Assembles the fake: store, registry, writer, garbage collector, watches, and the HTTP dispatcher.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crdHooks, crdStorage } from './crds.ts';
import type { DeletionDeps } from './deletion.ts';
import { coreVersions, group, groupList, resourceList, versionInfo } from './discovery.ts';
import { GarbageCollector } from './gc.ts';
import { readBody, sendError, sendJson } from './http-io.ts';
import { RequestJournal, type RecordedRequest } from './journal.ts';
import { ResourceRegistry } from './registry.ts';
import { handleResource, verbOf, type HandlerDeps } from './resource-handlers.ts';
import { parseRoute } from './routes.ts';
import { CelValidator, type CelLogger } from './schema/cel.ts';
import { ApiError, internalError, resourceNotFound, unauthorized } from './status.ts';
import { ObjectStore } from './store.ts';
import type { KubeObject } from './types.ts';
import { WatchHub } from './watch.ts';
import { ObjectWriter, type ResourceHooks } from './writer.ts';

export interface CoreOptions {
  bookmarkIntervalMs: number;
  watchTimeoutSeconds: number;
  historyLimit: number;
  requireToken: boolean;
  strictNamespaces: boolean;
  logger: CelLogger;
}

/** The fake's parts, wired once; the public FakeApiServer wraps this. */
export class FakeCore {
  readonly store: ObjectStore;
  readonly registry = new ResourceRegistry();
  readonly journal = new RequestJournal();
  readonly cel: CelValidator;
  readonly writer: ObjectWriter;
  readonly watches: WatchHub;
  readonly gc: GarbageCollector;
  readonly http: Server;
  private readonly deps: HandlerDeps;
  private readonly options: CoreOptions;

  constructor(options: CoreOptions) {
    this.options = options;
    this.store = new ObjectStore(options.historyLimit);
    this.cel = new CelValidator(options.logger);
    const hooks = new Map<string, ResourceHooks>([
      [crdStorage, crdHooks(this.registry, this.store, this.cel)],
    ]);
    // Only removals, deletions in progress and owned objects can give the collector work.
    const changed = (object: KubeObject, removed: boolean): void => {
      const meta = object.metadata;
      if (removed || meta.deletionTimestamp || (meta.ownerReferences ?? []).length > 0)
        this.gc.kick();
    };
    this.writer = new ObjectWriter({
      store: this.store,
      cel: this.cel,
      hooks,
      strictNamespaces: options.strictNamespaces,
      changed,
    });
    const deletion: DeletionDeps = { store: this.store, writer: this.writer, hooks, changed };
    this.gc = new GarbageCollector(deletion, this.registry, options.logger);
    this.watches = new WatchHub(this.store, {
      bookmarkIntervalMs: options.bookmarkIntervalMs,
      defaultTimeoutSeconds: options.watchTimeoutSeconds,
    });
    this.deps = { store: this.store, writer: this.writer, watches: this.watches, deletion };
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        options.logger.warn(
          `fake-apiserver: unexpected failure: ${(err as Error).stack ?? String(err)}`,
        );
        if (!res.headersSent) sendError(res, internalError('unexpected failure'));
        else res.destroy();
      });
    });
  }

  private record(req: IncomingMessage, url: URL): RecordedRequest {
    const auth = req.headers.authorization;
    return this.journal.record({
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      verb: 'discovery',
      resource: '',
      group: '',
      namespace: undefined,
      name: undefined,
      token: auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined,
      userAgent: req.headers['user-agent'],
      fieldManager: url.searchParams.get('fieldManager') ?? undefined,
      status: 0,
      injected: false,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const entry = this.record(req, url);
    const method = (req.method ?? 'GET').toUpperCase();
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const fail = (error: ApiError): void => {
      entry.status = error.code;
      sendError(res, error);
    };
    const route = parseRoute(url.pathname, this.registry);
    if (route.kind === 'resource') {
      entry.verb = verbOf(method, route, url.searchParams);
      entry.resource = route.subresource ? `${route.plural}/${route.subresource}` : route.plural;
      entry.group = route.group;
      entry.namespace = route.namespace;
      entry.name = route.name;
    }
    if (route.kind === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (this.options.requireToken && entry.token === undefined) return fail(unauthorized());
    const injected = this.journal.injectedFailure(method, url.pathname);
    if (injected) {
      entry.injected = true;
      return fail(injected);
    }
    try {
      const body = method === 'GET' ? '' : await readBody(req);
      const answer = this.dispatch(route, method, url, req, res, body, entry);
      if (answer === 'streaming') {
        entry.status = 200;
        return;
      }
      entry.status = answer.code;
      sendJson(res, answer.code, answer.body, answer.warnings);
    } catch (err) {
      if (err instanceof ApiError) return fail(err);
      throw err;
    }
  }

  private dispatch(
    route: ReturnType<typeof parseRoute>,
    method: string,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
    body: string,
    entry: RecordedRequest,
  ): ReturnType<typeof handleResource> {
    const found = (doc: unknown): { code: number; body: unknown } => {
      if (doc === undefined) throw resourceNotFound();
      return { code: 200, body: doc };
    };
    switch (route.kind) {
      case 'version':
        return found(versionInfo);
      case 'core-versions':
        return found(coreVersions(req.headers.host ?? '127.0.0.1'));
      case 'groups':
        return found(groupList(this.registry));
      case 'group':
        return found(group(this.registry, route.group));
      case 'resources':
        return found(resourceList(this.registry, route.group, route.version));
      case 'resource': {
        const rt = this.registry.find(route.group, route.version, route.plural);
        if (!rt) throw resourceNotFound();
        const manager = url.searchParams.get('fieldManager') ?? defaultManager(req);
        entry.fieldManager = manager;
        return handleResource(this.deps, {
          route,
          rt,
          method,
          query: url.searchParams,
          req,
          res,
          body,
          manager,
        });
      }
      default:
        throw resourceNotFound();
    }
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => resolve());
    });
    return (this.http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.gc.stop();
    this.watches.closeAll();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

/** Without ?fieldManager the API server names the manager after the User-Agent's product token. */
function defaultManager(req: IncomingMessage): string {
  const agent = req.headers['user-agent'];
  return agent ? (agent.split('/')[0] ?? agent).slice(0, 128) : 'unknown';
}
