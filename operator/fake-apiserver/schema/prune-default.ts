// Structural-schema pruning and defaulting: unknown fields dropped, null-for-non-nullable dropped, defaults set.
import { clone, isObject, type SchemaNode } from '../types.ts';

/** Fields every object root keeps whatever the schema says (metadata is validated separately). */
const rootFields = new Set(['apiVersion', 'kind', 'metadata']);

function childSchema(schema: SchemaNode, key: string): SchemaNode | 'preserve' | 'prune' {
  const declared = schema.properties?.[key];
  if (declared) return declared;
  if (isObject(schema.additionalProperties)) return schema.additionalProperties as SchemaNode;
  if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields'])
    return 'preserve';
  return 'prune';
}

function normalize(value: unknown, schema: SchemaNode, keepRootFields: boolean): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    return items
      ? value.map((v) => normalize(v, items, items['x-kubernetes-embedded-resource'] === true))
      : value;
  }
  if (!isObject(value)) return value;
  const mapLike =
    schema.properties !== undefined ||
    schema.additionalProperties !== undefined ||
    schema.type === 'object';
  if (!mapLike) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (keepRootFields && rootFields.has(key)) {
      result[key] = child;
      continue;
    }
    const sub = childSchema(schema, key);
    if (sub === 'prune') continue;
    if (sub === 'preserve') {
      result[key] = child;
      continue;
    }
    // A null for a field that is not nullable is dropped before defaulting, so a default can apply.
    if (child === null && !sub.nullable) continue;
    result[key] = normalize(child, sub, sub['x-kubernetes-embedded-resource'] === true);
  }
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (!(key in result) && sub.default !== undefined) {
      result[key] = normalize(clone(sub.default), sub, false);
    }
  }
  return result;
}

/**
 * Prunes unknown fields and applies defaults to a custom resource, the way the API server does
 * on create and update (and when reading from storage). The root keeps apiVersion/kind/metadata.
 */
export function pruneAndDefault<T>(object: T, schema: SchemaNode): T {
  return normalize(object, schema, true) as T;
}

/** Just the unknown-field paths, for the `Warning` header a real server sends with fieldValidation=Warn. */
export function unknownFields(
  value: unknown,
  schema: SchemaNode,
  path = '',
  root = true,
): string[] {
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.flatMap((v, i) => unknownFields(v, items, `${path}[${i}]`, false)) : [];
  }
  if (!isObject(value)) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (root && rootFields.has(key)) continue;
    const sub = childSchema(schema, key);
    const where = path === '' ? key : `${path}.${key}`;
    if (sub === 'prune') found.push(where);
    else if (sub !== 'preserve') found.push(...unknownFields(child, sub, where, false));
  }
  return found;
}
