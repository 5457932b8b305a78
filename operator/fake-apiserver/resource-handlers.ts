// The verbs on one resource path: get, list, watch, create, update, patch, delete, deletecollection.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FieldValidation } from './custom-admission.ts';
import { deleteObject, type DeleteOptions, type DeletionDeps } from './deletion.ts';
import { decodeObject } from './http-io.ts';
import { listObjects } from './listing.ts';
import { patchObject } from './patching.ts';
import type { Route } from './routes.ts';
import { parseFieldSelector, parseLabelSelector, type Selector } from './selectors.ts';
import { badRequest, methodNotAllowed, notFound, resourceNotFound } from './status.ts';
import type { ObjectStore } from './store.ts';
import { apiVersionOf, isObject, type KubeObject, type ResourceType } from './types.ts';
import type { WatchHub } from './watch.ts';
import { targetOf, type ObjectWriter, type WriteContext } from './writer.ts';

export type ResourceRoute = Extract<Route, { kind: 'resource' }>;

export interface HandlerDeps {
  store: ObjectStore;
  writer: ObjectWriter;
  watches: WatchHub;
  deletion: DeletionDeps;
}

export interface ResourceCall {
  route: ResourceRoute;
  rt: ResourceType;
  method: string;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
  body: string;
  manager: string;
}

export type Answer = { code: number; body: unknown; warnings?: string[] } | 'streaming';

export function verbOf(method: string, route: ResourceRoute, query: URLSearchParams): string {
  const watching = route.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
  switch (method) {
    case 'GET':
      return watching ? 'watch' : route.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return route.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

function writeContext(call: ResourceCall): WriteContext {
  const dryRun = call.query.get('dryRun');
  if (dryRun !== null && dryRun !== '' && dryRun !== 'All')
    throw badRequest(`unsupported dry run option: ${dryRun}`);
  const fieldValidation = call.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(fieldValidation))
    throw badRequest(
      `fieldValidation must be one of "Ignore", "Warn" or "Strict", got ${JSON.stringify(fieldValidation)}`,
    );
  return {
    manager: call.manager,
    dryRun: dryRun === 'All',
    fieldValidation: fieldValidation as FieldValidation,
  };
}

function selectorOf(call: ResourceCall): Selector {
  const labels = parseLabelSelector(call.query.get('labelSelector'));
  const fields = parseFieldSelector(call.query.get('fieldSelector'), call.rt.selectableFields);
  const byName = call.route.name;
  return (o) => labels(o) && fields(o) && (byName === undefined || o.metadata.name === byName);
}

/** Objects go out at the version the client asked for (conversion strategy None). */
function asServed(rt: ResourceType, object: KubeObject): KubeObject {
  return { ...object, apiVersion: apiVersionOf(rt) };
}

function deleteOptions(call: ResourceCall): DeleteOptions {
  const parsed = call.body.trim() === '' ? {} : decodeObject(call.body, 'application/json');
  const options = (isObject(parsed) ? parsed : {}) as DeleteOptions;
  const policy = call.query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy;
  const orphan = call.query.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = orphan === 'true';
  if (call.query.get('dryRun') === 'All') options.dryRun = true;
  return options;
}

function watch(deps: HandlerDeps, call: ResourceCall): Answer {
  const raw = call.query.get('resourceVersion');
  if (raw !== null && raw !== '' && !/^\d+$/.test(raw))
    throw badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(raw)}: must be a non-negative integer`,
    );
  const timeout = call.query.get('timeoutSeconds');
  deps.watches.open(
    {
      rt: call.rt,
      namespace: call.route.namespace,
      selector: selectorOf(call),
      resourceVersion: raw === null || raw === '' ? null : Number(raw),
      bookmarks: call.query.get('allowWatchBookmarks') === 'true',
      timeoutSeconds: timeout ? Number(timeout) : undefined,
    },
    call.res,
  );
  return 'streaming';
}

export function handleResource(deps: HandlerDeps, call: ResourceCall): Answer {
  const { route, rt, method } = call;
  if (route.namespace !== undefined && !rt.namespaced) throw resourceNotFound();
  if (route.subresource !== undefined && !(route.subresource === 'status' && rt.hasStatus))
    throw resourceNotFound();
  const subresource = route.subresource === 'status' ? 'status' : undefined;
  const verb = verbOf(method, route, call.query);
  const needsNamespace = rt.namespaced && route.namespace === undefined;
  if (needsNamespace && verb !== 'list' && verb !== 'watch') throw methodNotAllowed(method);
  switch (verb) {
    case 'watch':
      return watch(deps, call);
    case 'list': {
      const list = listObjects(deps.store, rt, route.namespace, selectorOf(call), call.query);
      return { code: 200, body: { ...list, items: list.items.map((o) => asServed(rt, o)) } };
    }
    case 'get': {
      const found = deps.store.get(rt.storage, route.namespace, route.name ?? '');
      if (!found) throw notFound(targetOf(rt, route.name ?? ''));
      return { code: 200, body: asServed(rt, found) };
    }
    case 'create': {
      if (route.name !== undefined) throw methodNotAllowed(method);
      const result = deps.writer.create(
        rt,
        route.namespace,
        decodeObject(call.body, call.req.headers['content-type']),
        writeContext(call),
      );
      return { code: 201, body: asServed(rt, result.object), warnings: result.warnings };
    }
    case 'update': {
      const body = decodeObject(call.body, call.req.headers['content-type']);
      const result = deps.writer.update(
        rt,
        route.namespace,
        route.name ?? '',
        body,
        writeContext(call),
        subresource,
      );
      return { code: 200, body: asServed(rt, result.object), warnings: result.warnings };
    }
    case 'patch': {
      const result = patchObject(deps.store, deps.writer, {
        rt,
        namespace: route.namespace,
        name: route.name ?? '',
        subresource,
        contentType: call.req.headers['content-type'] ?? '',
        body: call.body,
        force: call.query.get('force') === 'true',
        fieldManagerGiven: call.query.has('fieldManager'),
        ctx: writeContext(call),
      });
      return {
        code: result.created ? 201 : 200,
        body: asServed(rt, result.object),
        warnings: result.warnings,
      };
    }
    case 'delete': {
      const outcome = deleteObject(
        deps.deletion,
        rt,
        route.namespace,
        route.name ?? '',
        deleteOptions(call),
      );
      const body =
        isObject(outcome.body) && outcome.body.kind === rt.kind
          ? asServed(rt, outcome.body as KubeObject)
          : outcome.body;
      return { code: outcome.code, body };
    }
    case 'deletecollection': {
      const options = deleteOptions(call);
      const matching = deps.store.list(rt.storage, route.namespace).filter(selectorOf(call));
      const items = matching.map(
        (o) =>
          deleteObject(deps.deletion, rt, o.metadata.namespace, o.metadata.name ?? '', options)
            .body,
      );
      return {
        code: 200,
        body: {
          kind: rt.listKind,
          apiVersion: apiVersionOf(rt),
          metadata: { resourceVersion: String(deps.store.resourceVersion) },
          items,
        },
      };
    }
    default:
      throw methodNotAllowed(method);
  }
}
