// How a custom resource's JSON looks to a CEL rule, as Kubernetes presents it: integers are
// int (BigInt here), date and date-time strings are timestamps, duration strings durations, byte
// strings bytes; objects show only their declared fields, and the resource root only apiVersion,
// kind, metadata.name and metadata.generateName.
import { Environment } from '@marcbachmann/cel-js';
import type { JSONSchemaProps } from './crd-types.ts';

const durations = new Environment().registerVariable('text', 'string');

const RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(
    ' ',
  ),
);

/** The name a property has in CEL (Kubernetes escapes reserved words and `.-/`), or undefined. */
export function celPropertyName(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name
    .replaceAll('__', '__underscores__')
    .replaceAll('.', '__dot__')
    .replaceAll('-', '__dash__')
    .replaceAll('/', '__slash__');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarToCel(schema: JSONSchemaProps, value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) {
    // int-or-string and integer fields are CEL ints; a `number` field stays a double.
    if (schema.type === 'integer' || schema['x-kubernetes-int-or-string']) return BigInt(value);
    return value;
  }
  if (typeof value !== 'string' || schema.type !== 'string') return value;
  switch (schema.format) {
    case 'date':
    case 'date-time': {
      const instant = new Date(schema.format === 'date' ? `${value}T00:00:00Z` : value);
      return Number.isNaN(instant.getTime()) ? value : instant;
    }
    case 'duration':
      return durations.evaluate('duration(text)', { text: value });
    case 'byte':
      return new Uint8Array(Buffer.from(value, 'base64'));
    default:
      return value;
  }
}

export function toCelValue(schema: JSONSchemaProps, value: unknown, resourceRoot = false): unknown {
  if (value === undefined || value === null) return value;
  if (Array.isArray(value)) {
    const items = schema.items;
    return items
      ? value.map((item) => toCelValue(items, item, items['x-kubernetes-embedded-resource']))
      : [];
  }
  if (!isObject(value)) return scalarToCel(schema, value);
  const extra = schema.additionalProperties;
  if (typeof extra === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCelValue(extra, v)]));
  }
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const celName = celPropertyName(name);
    if (celName === undefined || value[name] === undefined) continue;
    if (resourceRoot && name === 'metadata') continue;
    out[celName] = toCelValue(child, value[name], child['x-kubernetes-embedded-resource']);
  }
  if (resourceRoot) {
    for (const key of ['apiVersion', 'kind'] as const) {
      if (typeof value[key] === 'string') out[key] = value[key];
    }
    const metadata = isObject(value.metadata) ? value.metadata : {};
    out.metadata = Object.fromEntries(
      (['name', 'generateName'] as const)
        .filter((key) => typeof metadata[key] === 'string')
        .map((key) => [key, metadata[key]]),
    );
  }
  return out;
}
