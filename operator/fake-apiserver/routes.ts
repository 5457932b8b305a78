// URL paths of the Kubernetes API, parsed into what they address.
import type { ResourceRegistry } from './registry.ts';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'core-versions' }
  | { kind: 'groups' }
  | { kind: 'group'; group: string }
  | { kind: 'resources'; group: string; version: string }
  | {
      kind: 'resource';
      group: string;
      version: string;
      plural: string;
      namespace: string | undefined;
      name: string | undefined;
      subresource: string | undefined;
      /** The deprecated /watch/ path prefix. */
      legacyWatch: boolean;
    }
  | { kind: 'unknown' };

export function parseRoute(pathname: string, registry: ResourceRegistry): Route {
  const segments = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [root, ...rest] = segments;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if ((root === 'healthz' || root === 'livez' || root === 'readyz') && rest.length === 0)
    return { kind: 'health' };
  let group: string;
  let version: string | undefined;
  let tail: string[];
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'core-versions' };
    group = '';
    [version, ...tail] = rest;
  } else if (root === 'apis') {
    if (rest.length === 0) return { kind: 'groups' };
    if (rest.length === 1) return { kind: 'group', group: rest[0] ?? '' };
    group = rest[0] ?? '';
    [version, ...tail] = rest.slice(1);
  } else {
    return { kind: 'unknown' };
  }
  if (!version) return { kind: 'unknown' };
  if (tail.length === 0) return { kind: 'resources', group, version };
  const legacyWatch = tail[0] === 'watch';
  if (legacyWatch) tail = tail.slice(1);
  // /namespaces/{ns}/{plural}/... unless the third segment is a subresource of a namespace itself.
  const nested =
    tail[0] === 'namespaces' &&
    tail.length >= 3 &&
    registry.find(group, version, tail[2] ?? '')?.namespaced === true;
  const [namespace, plural, name, subresource, extra] = nested
    ? tail.slice(1)
    : [undefined, ...tail];
  if (!plural || extra !== undefined) return { kind: 'unknown' };
  return { kind: 'resource', group, version, plural, namespace, name, subresource, legacyWatch };
}
