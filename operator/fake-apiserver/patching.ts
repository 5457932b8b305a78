// PATCH: merge patch, JSON patch, server-side apply; strategic merge only for built-ins, as a merge.
import { parse as parseYaml } from 'yaml';
import { applyConfiguration } from './patch/apply.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { badRequest, notFound, unsupportedMediaType } from './status.ts';
import type { ObjectStore } from './store.ts';
import { apiVersionOf, isObject, type KubeObject, type ResourceType } from './types.ts';
import { targetOf, type ObjectWriter, type WriteContext, type WriteResult } from './writer.ts';

export const patchTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export interface PatchRequest {
  rt: ResourceType;
  namespace: string | undefined;
  name: string;
  subresource: 'status' | undefined;
  contentType: string;
  body: string;
  force: boolean;
  /** Apply needs an explicit ?fieldManager; other writes may default it from the User-Agent. */
  fieldManagerGiven: boolean;
  ctx: WriteContext;
}

function unsupported(): never {
  throw unsupportedMediaType(
    `the body of the request was in an unknown format - accepted media types include: ${patchTypes.json}, ${patchTypes.merge}, ${patchTypes.apply}`,
  );
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

export function patchObject(
  store: ObjectStore,
  writer: ObjectWriter,
  req: PatchRequest,
): WriteResult & { created: boolean } {
  const { rt, namespace, name, subresource, ctx } = req;
  const type = req.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === patchTypes.apply) return apply(store, writer, req);
  const supported =
    type === patchTypes.merge ||
    type === patchTypes.json ||
    (type === patchTypes.strategic && !rt.custom);
  if (!supported) unsupported();
  const old = store.get(rt.storage, namespace, name);
  if (!old) throw notFound(targetOf(rt, name));
  // The patch applies to the object as the client sees it, at the version it asked for.
  const view = { ...old, apiVersion: apiVersionOf(rt) };
  const patch = parseJson(req.body);
  const candidate =
    type === patchTypes.json ? applyJsonPatch(view, patch) : applyMergePatch(view, patch);
  if (!isObject(candidate)) throw badRequest('the patch produced something other than an object');
  const shaped = writer.shape(rt, namespace, candidate, name);
  const result = writer.commit(rt, old, shaped, ctx, { subresource, operation: 'Update' });
  return { ...result, created: false };
}

function apply(
  store: ObjectStore,
  writer: ObjectWriter,
  req: PatchRequest,
): WriteResult & { created: boolean } {
  const { rt, namespace, name, subresource, ctx } = req;
  if (!req.fieldManagerGiven || req.ctx.manager === '')
    throw badRequest('PATCH requests with apply content type must specify fieldManager');
  let config: unknown;
  try {
    config = parseYaml(req.body) as unknown;
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
  const shaped = writer.shape(rt, namespace, config, name);
  shaped.metadata.name ??= name;
  const managerReq = { ...writer.managerRequest(rt, ctx, 'Apply', subresource), force: req.force };
  const target = targetOf(rt, name);
  const old = store.get(rt.storage, namespace, name);
  if (!old) {
    if (subresource) throw notFound(target);
    const empty: KubeObject = { apiVersion: shaped.apiVersion, kind: shaped.kind, metadata: {} };
    const applied = applyConfiguration(empty, shaped, managerReq, target);
    return {
      ...writer.create(rt, namespace, applied.object, ctx, applied.managedFields),
      created: true,
    };
  }
  const applied = applyConfiguration(old, shaped, managerReq, target);
  const candidate = {
    ...applied.object,
    metadata: { ...applied.object.metadata, resourceVersion: shaped.metadata.resourceVersion },
  };
  const result = writer.commit(rt, old, candidate, ctx, {
    subresource,
    operation: 'Apply',
    managedFields: applied.managedFields,
  });
  return { ...result, created: false };
}
