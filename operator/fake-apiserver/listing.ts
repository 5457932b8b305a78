// LIST: resourceVersion semantics, selectors, and limit/continue paging over a name-ordered list.
import type { Selector } from './selectors.ts';
import { ApiError, badRequest, expired } from './status.ts';
import type { ObjectStore } from './store.ts';
import { apiVersionOf, type KubeObject, type ResourceType } from './types.ts';

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

interface ContinueToken {
  rv: number;
  after: string;
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

function decodeToken(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.rv === 'number' && typeof token.after === 'string') return token;
  } catch {
    // fall through to the error below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/** The resourceVersion a list is served at; older than the horizon or not current with Exact -> 410. */
function servedAt(store: ObjectStore, query: URLSearchParams): number {
  const raw = query.get('resourceVersion');
  const match = query.get('resourceVersionMatch');
  const current = store.resourceVersion;
  if (raw === null || raw === '' || raw === '0') {
    if (match === 'Exact')
      throw badRequest(
        'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      );
    return current;
  }
  if (!/^\d+$/.test(raw))
    throw badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(raw)}: must be a non-negative integer`,
    );
  const wanted = Number(raw);
  if (match === 'Exact') {
    // The fake keeps no snapshots: only the current revision can be served exactly.
    if (wanted !== current) throw expired(`too old resource version: ${wanted} (${current})`);
    return current;
  }
  if (wanted > current)
    throw new ApiError(
      504,
      'Timeout',
      `Too large resource version: ${wanted}, current: ${current}`,
      { retryAfterSeconds: 1 },
    );
  return current;
}

export function listObjects(
  store: ObjectStore,
  rt: ResourceType,
  namespace: string | undefined,
  selector: Selector,
  query: URLSearchParams,
): ObjectList {
  const continueText = query.get('continue');
  let rv: number;
  let after = '';
  if (continueText) {
    const token = decodeToken(continueText);
    if (token.rv < store.horizon) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    rv = token.rv;
    after = token.after;
  } else {
    rv = servedAt(store, query);
  }
  let items = store.list(rt.storage, namespace).filter(selector);
  if (after !== '') items = items.filter((o) => keyOf(o) > after);
  const limitText = query.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  const metadata: ObjectList['metadata'] = { resourceVersion: String(rv) };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    const last = page[page.length - 1] as KubeObject;
    metadata.continue = Buffer.from(JSON.stringify({ rv, after: keyOf(last) })).toString(
      'base64url',
    );
    metadata.remainingItemCount = items.length - limit;
    items = page;
  }
  return { apiVersion: apiVersionOf(rt), kind: rt.listKind, metadata, items };
}
