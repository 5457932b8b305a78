// CustomResourceDefinitions: admission, the Established status, and serving what they define.
import { storageKey, type ResourceRegistry } from './registry.ts';
import type { CelValidator } from './schema/cel.ts';
import { invalid, type StatusCause } from './status.ts';
import type { ObjectStore } from './store.ts';
import {
  isObject,
  nowTimestamp,
  type KubeObject,
  type ResourceType,
  type SchemaNode,
} from './types.ts';
import type { ResourceHooks } from './writer.ts';

export const crdStorage = 'customresourcedefinitions.apiextensions.k8s.io';

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: SchemaNode };
  subresources?: { status?: object; scale?: object };
  selectableFields?: { jsonPath: string }[];
}

interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: string;
  versions: CrdVersion[];
}

function specOf(crd: KubeObject): CrdSpec {
  return (isObject(crd.spec) ? crd.spec : {}) as unknown as CrdSpec;
}

function specCauses(crd: KubeObject, cel: CelValidator): StatusCause[] {
  const spec = specOf(crd);
  const causes: StatusCause[] = [];
  const need = (ok: unknown, field: string, message = 'Required value'): void => {
    if (!ok)
      causes.push({
        reason: message === 'Required value' ? 'FieldValueRequired' : 'FieldValueInvalid',
        field,
        message,
      });
  };
  need(spec.group, 'spec.group');
  if (spec.group && !spec.group.includes('.'))
    need(
      false,
      'spec.group',
      `Invalid value: ${JSON.stringify(spec.group)}: should be a domain with at least one dot`,
    );
  need(isObject(spec.names) && spec.names.plural, 'spec.names.plural');
  need(isObject(spec.names) && spec.names.kind, 'spec.names.kind');
  need(
    spec.scope === 'Namespaced' || spec.scope === 'Cluster',
    'spec.scope',
    `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"`,
  );
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  need(
    versions.length > 0,
    'spec.versions',
    'Invalid value: must have exactly one version marked as storage version',
  );
  if (versions.length > 0 && versions.filter((v) => v.storage).length !== 1)
    need(
      false,
      'spec.versions',
      'Invalid value: must have exactly one version marked as storage version',
    );
  versions.forEach((v, i) => {
    const schema = v.schema?.openAPIV3Schema;
    need(
      schema,
      `spec.versions[${i}].schema.openAPIV3Schema`,
      'Required value: schemas are required',
    );
    if (schema && schema.type !== 'object')
      need(
        false,
        `spec.versions[${i}].schema.openAPIV3Schema.type`,
        'Unsupported value: must be object at the root',
      );
    if (schema)
      for (const error of cel.compileAll(schema, `spec.versions[${i}].schema.openAPIV3Schema`))
        causes.push({ reason: 'FieldValueInvalid', message: error });
  });
  if (
    spec.group &&
    spec.names?.plural &&
    crd.metadata.name !== `${spec.names.plural}.${spec.group}`
  ) {
    need(
      false,
      'metadata.name',
      `Invalid value: ${JSON.stringify(crd.metadata.name)}: must be spec.names.plural+"."+spec.group`,
    );
  }
  return causes;
}

function established(crd: KubeObject, old: KubeObject | undefined): KubeObject {
  const spec = specOf(crd);
  const names = spec.names;
  names.singular ??= names.kind.toLowerCase();
  names.listKind ??= `${names.kind}List`;
  const since =
    (old?.status as { conditions?: { lastTransitionTime?: string }[] } | undefined)?.conditions?.[0]
      ?.lastTransitionTime ?? nowTimestamp();
  crd.status = {
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
        lastTransitionTime: since,
      },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: since,
      },
    ],
    acceptedNames: { ...names },
    storedVersions: spec.versions.filter((v) => v.storage).map((v) => v.name),
  };
  return crd;
}

export function resourceTypesOf(crd: KubeObject): ResourceType[] {
  const spec = specOf(crd);
  const { names } = spec;
  return spec.versions
    .filter((v) => v.served)
    .map((v) => ({
      group: spec.group,
      version: v.name,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      namespaced: spec.scope === 'Namespaced',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
      hasStatus: isObject(v.subresources?.status),
      storage: storageKey(spec.group, names.plural),
      schema: v.schema?.openAPIV3Schema,
      custom: true,
      unconditionalUpdate: false,
      tracksGeneration: true,
      selectableFields: (v.selectableFields ?? []).map((f) => f.jsonPath.replace(/^\./, '')),
    }));
}

/** Hooks for the CRD resource: validate, mark Established, serve the types, drop instances on removal. */
export function crdHooks(
  registry: ResourceRegistry,
  store: ObjectStore,
  cel: CelValidator,
): ResourceHooks {
  const serve = (crd: KubeObject): void => {
    const spec = specOf(crd);
    registry.unregister(spec.group, spec.names.plural);
    const storageVersion = spec.versions.find((v) => v.storage)?.name;
    for (const rt of resourceTypesOf(crd)) registry.register(rt, storageVersion);
  };
  return {
    admit(next, old) {
      const causes = specCauses(next, cel);
      if (causes.length > 0)
        throw invalid(
          {
            group: 'apiextensions.k8s.io',
            plural: 'customresourcedefinitions',
            kind: 'CustomResourceDefinition',
            name: next.metadata.name ?? '',
          },
          causes,
        );
      return established(next, old);
    },
    afterWrite: serve,
    afterRemove(crd) {
      const spec = specOf(crd);
      const storage = storageKey(spec.group, spec.names.plural);
      for (const o of store.list(storage))
        store.remove(storage, o.metadata.namespace, o.metadata.name ?? '');
      registry.unregister(spec.group, spec.names.plural);
    },
  };
}
