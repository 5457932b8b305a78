// Converts a CRD's structural OpenAPI v3 schema into a JSON Schema ajv 8 can compile, applying the
// Kubernetes meaning of each x-kubernetes-* extension and OpenAPI 3.0 keyword on the way.
import type { JSONSchemaProps } from './crd-types.ts';

export type JsonSchema = Record<string, unknown>;

/** Formats the API server checks (k8s.io/kube-openapi strfmt); any other format is ignored. */
export const CHECKED_FORMATS = new Set([
  'date',
  'date-time',
  'uuid',
  'byte',
  'int32',
  'int64',
  'duration',
]);

/** The custom keyword validating `x-kubernetes-list-type: map`: no two items share their keys. */
export const LIST_MAP_KEYWORD = 'k8sListMapKeys';

const COPIED = [
  'description',
  'default',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
] as const;

interface Mode {
  /** Inside allOf/anyOf/oneOf/not: value checks only, never the pruning of unknown fields. */
  junctor: boolean;
}

function convert(node: JSONSchemaProps, mode: Mode, resourceRoot: boolean): JsonSchema {
  const out: JsonSchema = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  const types = node['x-kubernetes-int-or-string']
    ? ['integer', 'string']
    : node.type
      ? [node.type]
      : [];
  if (types.length > 0) {
    if (node.nullable) types.push('null');
    out.type = types.length === 1 ? types[0] : types;
  }
  if (node.enum) out.enum = node.nullable ? [...node.enum, null] : node.enum;
  // OpenAPI 3.0 booleans become the draft 2019 numeric form.
  if (node.exclusiveMinimum && node.minimum !== undefined) {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum && node.maximum !== undefined) {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (node.format && CHECKED_FORMATS.has(node.format)) out.format = node.format;

  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, child]) => {
        // ObjectMeta is validated by the API server itself; a CRD may not constrain it further.
        if (resourceRoot && name === 'metadata') return [name, { type: 'object' }];
        return [name, convert(child, mode, child['x-kubernetes-embedded-resource'] === true)];
      }),
    );
  }
  if (typeof node.additionalProperties === 'object') {
    out.additionalProperties = convert(node.additionalProperties, mode, false);
  } else if (node.additionalProperties !== undefined) {
    out.additionalProperties = node.additionalProperties;
  } else if (
    node.type === 'object' &&
    !node['x-kubernetes-preserve-unknown-fields'] &&
    !mode.junctor
  ) {
    // Structural schemas prune (or, with strict field validation, reject) undeclared fields.
    out.additionalProperties = false;
  }
  if (node.items)
    out.items = convert(node.items, mode, node.items['x-kubernetes-embedded-resource'] === true);
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (node['x-kubernetes-list-type'] === 'map')
    out[LIST_MAP_KEYWORD] = node['x-kubernetes-list-map-keys'] ?? [];
  if (node['x-kubernetes-embedded-resource']) {
    out.required = [...new Set([...((out.required as string[]) ?? []), 'apiVersion', 'kind'])];
  }

  const junctor: Mode = { junctor: true };
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (list) out[key] = list.map((child) => convert(child, junctor, false));
  }
  if (node.not) out.not = convert(node.not, junctor, false);
  return out;
}

/** The JSON Schema of a whole custom resource (its root schema). */
export function toJsonSchema(openAPIV3Schema: JSONSchemaProps): JsonSchema {
  return convert(openAPIV3Schema, { junctor: false }, true);
}

/** The JSON Schema of one node, e.g. to check that a `default` is valid where it stands. */
export function toNodeJsonSchema(node: JSONSchemaProps): JsonSchema {
  return convert(node, { junctor: false }, false);
}
