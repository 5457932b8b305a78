// Discovery documents: /api, /apis, /apis/{group}, /api/v1 and /apis/{group}/{version}, plus /version.
import type { ResourceRegistry } from './registry.ts';
import type { ResourceType } from './types.ts';

function resourceEntries(rt: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: rt.verbs,
  };
  if (rt.shortNames.length > 0) main.shortNames = rt.shortNames;
  if (rt.categories.length > 0) main.categories = rt.categories;
  const entries = [main];
  if (rt.hasStatus)
    entries.push({
      name: `${rt.plural}/status`,
      singularName: '',
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: ['get', 'patch', 'update'],
    });
  return entries;
}

export function coreVersions(host: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }],
  };
}

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: list, preferredVersion: list[0] };
}

export function groupList(registry: ResourceRegistry): unknown {
  const groups = [...registry.groups()]
    .filter(([group]) => group !== '')
    .map(([group, versions]) => groupDocument(group, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function group(registry: ResourceRegistry, name: string): unknown {
  const versions = registry.groups().get(name);
  return versions
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(name, versions) }
    : undefined;
}

export function resourceList(registry: ResourceRegistry, group: string, version: string): unknown {
  const types = registry.resourcesIn(group, version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: types.flatMap(resourceEntries),
  };
}

export const versionInfo = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-marquee-fake',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};
