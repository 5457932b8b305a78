// The resource types the fake serves: a few built-ins the operator touches, plus every established CRD.
import type { ResourceType } from './types.ts';

const allVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function builtin(
  partial: Pick<ResourceType, 'group' | 'version' | 'plural' | 'singular' | 'kind' | 'namespaced'> &
    Partial<ResourceType>,
): ResourceType {
  return {
    listKind: `${partial.kind}List`,
    shortNames: [],
    categories: [],
    verbs: allVerbs,
    hasStatus: false,
    storage: storageKey(partial.group, partial.plural),
    custom: false,
    unconditionalUpdate: true,
    tracksGeneration: false,
    selectableFields: [],
    ...partial,
  };
}

export function storageKey(group: string, plural: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

const coreEventFields = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];
const eventsV1Fields = [
  'regarding.kind',
  'regarding.namespace',
  'regarding.name',
  'regarding.uid',
  'regarding.apiVersion',
  'reason',
  'reportingController',
  'type',
];

export const builtinTypes: readonly ResourceType[] = [
  builtin({
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  builtin({
    group: '',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: coreEventFields,
  }),
  builtin({
    group: 'events.k8s.io',
    version: 'v1',
    plural: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: eventsV1Fields,
  }),
  builtin({
    group: 'coordination.k8s.io',
    version: 'v1',
    plural: 'leases',
    singular: 'lease',
    kind: 'Lease',
    namespaced: true,
  }),
  builtin({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    hasStatus: true,
    tracksGeneration: true,
    unconditionalUpdate: false,
  }),
];

export class ResourceRegistry {
  private readonly types = new Map<string, ResourceType>();
  /** Preferred version per group, in the order groups appeared (discovery lists them so). */
  private readonly preferred = new Map<string, string>();

  constructor() {
    for (const rt of builtinTypes) this.register(rt);
  }

  register(rt: ResourceType, preferredVersion?: string): void {
    this.types.set(`${rt.group}/${rt.version}/${rt.plural}`, rt);
    if (preferredVersion) this.preferred.set(rt.group, preferredVersion);
    else if (!this.preferred.has(rt.group)) this.preferred.set(rt.group, rt.version);
  }

  /** Removes every version of one group/plural (a CRD deleted or replaced). */
  unregister(group: string, plural: string): void {
    for (const [key, rt] of this.types) {
      if (rt.group === group && rt.plural === plural) this.types.delete(key);
    }
    if (![...this.types.values()].some((rt) => rt.group === group)) this.preferred.delete(group);
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.get(`${group}/${version}/${plural}`);
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** group -> served versions, the preferred one first. */
  groups(): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const [group, preferred] of this.preferred) {
      const versions = new Set([preferred]);
      for (const rt of this.types.values()) if (rt.group === group) versions.add(rt.version);
      result.set(group, [...versions]);
    }
    return result;
  }

  resourcesIn(group: string, version: string): ResourceType[] {
    return this.all().filter((rt) => rt.group === group && rt.version === version);
  }

  /** The type of one storage, at the group's preferred version. */
  forStorage(storage: string): ResourceType | undefined {
    const candidates = this.all().filter((rt) => rt.storage === storage);
    const first = candidates[0];
    if (!first) return undefined;
    return candidates.find((rt) => rt.version === this.preferred.get(first.group)) ?? first;
  }

  /** Resolves `showtimes`, `shw`, `showtimes.cinema.marquee.dev` or `Showtime` for test inspection. */
  resolve(name: string): ResourceType | undefined {
    const lower = name.toLowerCase();
    const exact = this.forStorage(lower);
    if (exact) return exact;
    const matches = this.all().filter(
      (rt) =>
        rt.plural === lower ||
        rt.singular === lower ||
        rt.kind.toLowerCase() === lower ||
        rt.shortNames.includes(lower),
    );
    // Core wins a bare name, as kubectl resolves `events` to v1 events.
    const best = matches.find((rt) => rt.group === '') ?? matches[0];
    return best ? this.forStorage(best.storage) : undefined;
  }
}
