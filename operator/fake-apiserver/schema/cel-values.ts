// Maps JSON values to the CEL types Kubernetes gives them: integer -> int, date-time/date -> timestamp.
import { isObject, type SchemaNode } from '../types.ts';

const timestampFormats = new Set(['date-time', 'datetime', 'date']);

/** Converts one value following its schema; at the root only apiVersion, kind and metadata.name/generateName. */
export function toCel(value: unknown, schema: SchemaNode | undefined, root = false): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number') {
    const integer = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true;
    return integer && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string') {
    if (schema?.format && timestampFormats.has(schema.format)) {
      const when = new Date(value);
      return Number.isNaN(when.getTime()) ? value : when;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items));
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (root && key === 'metadata' && isObject(child)) {
      result.metadata = Object.fromEntries(
        Object.entries(child).filter(([k]) => k === 'name' || k === 'generateName'),
      );
      continue;
    }
    const sub =
      schema?.properties?.[key] ??
      (isObject(schema?.additionalProperties)
        ? (schema?.additionalProperties as SchemaNode)
        : undefined);
    result[key] = toCel(child, sub);
  }
  return result;
}
