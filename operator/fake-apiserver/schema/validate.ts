// OpenAPI v3 value validation of a custom resource against its structural schema, with field paths.
import type { StatusCause } from '../status.ts';
import { deepEqual, isObject, type SchemaNode } from '../types.ts';
import { satisfiesFormat } from './formats.ts';

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : (JSON.stringify(value) ?? String(value));
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

class Collector {
  readonly causes: StatusCause[] = [];
  add(reason: string, field: string, message: string): void {
    this.causes.push({ reason, field, message });
  }
  invalid(field: string, value: unknown, detail: string): void {
    this.add(
      'FieldValueInvalid',
      field,
      `Invalid value: ${describe(value)}: ${field} in body ${detail}`,
    );
  }
}

function checkNumber(value: number, s: SchemaNode, field: string, out: Collector): void {
  if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
    out.invalid(
      field,
      value,
      `should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`,
    );
  }
  if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
    out.invalid(
      field,
      value,
      `should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`,
    );
  }
  if (s.multipleOf !== undefined && value % s.multipleOf !== 0)
    out.invalid(field, value, `should be a multiple of ${s.multipleOf}`);
}

function checkString(value: string, s: SchemaNode, field: string, out: Collector): void {
  const length = [...value].length;
  if (s.maxLength !== undefined && length > s.maxLength)
    out.add('FieldValueTooLong', field, `Too long: may not be more than ${s.maxLength} bytes`);
  if (s.minLength !== undefined && length < s.minLength)
    out.invalid(field, value, `should be at least ${s.minLength} chars long`);
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value))
    out.invalid(field, value, `should match '${s.pattern}'`);
  if (s.format !== undefined && !satisfiesFormat(s.format, value))
    out.invalid(field, value, `must be of type ${s.format}`);
}

function checkArray(value: unknown[], s: SchemaNode, field: string, out: Collector): void {
  if (s.maxItems !== undefined && value.length > s.maxItems)
    out.add(
      'FieldValueTooMany',
      field,
      `Too many: ${value.length}: must have at most ${s.maxItems} items`,
    );
  if (s.minItems !== undefined && value.length < s.minItems)
    out.invalid(field, value.length, `should have at least ${s.minItems} items`);
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const identity = (item: unknown): string =>
      listType === 'set' || !isObject(item)
        ? JSON.stringify(item)
        : JSON.stringify(keys.map((k) => item[k]));
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const id = identity(item);
      if (seen.has(id))
        out.add(
          'FieldValueDuplicate',
          `${field}[${i}]`,
          `Duplicate value: ${listType === 'set' ? describe(item) : id}`,
        );
      seen.add(id);
    });
  }
  if (s.items) value.forEach((item, i) => walk(item, s.items as SchemaNode, `${field}[${i}]`, out));
}

function checkObject(
  value: Record<string, unknown>,
  s: SchemaNode,
  field: string,
  out: Collector,
): void {
  const prefix = field === '' ? '' : `${field}.`;
  for (const name of s.required ?? []) {
    if (value[name] === undefined)
      out.add('FieldValueRequired', `${prefix}${name}`, 'Required value');
  }
  const count = Object.keys(value).length;
  if (s.maxProperties !== undefined && count > s.maxProperties)
    out.add(
      'FieldValueTooMany',
      field,
      `Too many: ${count}: must have at most ${s.maxProperties} items`,
    );
  if (s.minProperties !== undefined && count < s.minProperties)
    out.invalid(field, count, `should have at least ${s.minProperties} properties`);
  for (const [key, child] of Object.entries(value)) {
    const declared = s.properties?.[key];
    if (declared) walk(child, declared, `${prefix}${key}`, out);
    else if (isObject(s.additionalProperties))
      walk(child, s.additionalProperties as SchemaNode, `${field}[${key}]`, out);
  }
}

/** Value validations of allOf/anyOf/oneOf/not, which structural schemas allow beside the type. */
function checkCombinators(value: unknown, s: SchemaNode, field: string, out: Collector): void {
  const passes = (sub: SchemaNode): boolean => validateAgainst(value, sub, field).length === 0;
  for (const sub of s.allOf ?? []) walk(value, sub, field, out);
  if (s.anyOf && !s.anyOf.some(passes))
    out.invalid(field, value, 'must validate at least one schema (anyOf)');
  if (s.oneOf && s.oneOf.filter(passes).length !== 1)
    out.invalid(field, value, 'must validate one and only one schema (oneOf)');
  if (s.not && passes(s.not)) out.invalid(field, value, 'must not validate the schema (not)');
}

function walk(value: unknown, s: SchemaNode, field: string, out: Collector): void {
  if (value === null) {
    if (!s.nullable && s.type !== undefined)
      out.add(
        'FieldValueTypeInvalid',
        field,
        `Invalid value: "null": ${field} in body must be of type ${s.type}: "null"`,
      );
    return;
  }
  if (s['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      out.add(
        'FieldValueTypeInvalid',
        field,
        `Invalid value: ${describe(typeName(value))}: ${field} in body must be of type integer or string`,
      );
      return;
    }
  } else if (s.type !== undefined && !hasType(value, s.type)) {
    out.add(
      'FieldValueTypeInvalid',
      field,
      `Invalid value: ${describe(typeName(value))}: ${field} in body must be of type ${s.type}: ${describe(typeName(value))}`,
    );
    return;
  }
  if (s.enum && !s.enum.some((e) => deepEqual(e, value))) {
    const supported = s.enum.map((e) => describe(e)).join(', ');
    out.add(
      'FieldValueNotSupported',
      field,
      `Unsupported value: ${describe(value)}: supported values: ${supported}`,
    );
  }
  if (typeof value === 'number') checkNumber(value, s, field, out);
  if (typeof value === 'string') checkString(value, s, field, out);
  if (Array.isArray(value)) checkArray(value, s, field, out);
  if (isObject(value)) checkObject(value, s, field, out);
  checkCombinators(value, s, field, out);
}

/** Every schema violation of a value, each with its field path (`spec.timesOfDay[1]`). */
export function validateAgainst(value: unknown, schema: SchemaNode, field = ''): StatusCause[] {
  const out = new Collector();
  walk(value, schema, field, out);
  return out.causes;
}

/** Validates a whole custom resource; metadata is checked by the generic object rules instead. */
export function validateObject(object: Record<string, unknown>, schema: SchemaNode): StatusCause[] {
  const { metadata: _metadata, ...rest } = object;
  const properties = { ...(schema.properties ?? {}) };
  delete properties.metadata;
  const required = (schema.required ?? []).filter((r) => r !== 'metadata');
  return validateAgainst(rest, { ...schema, properties, required });
}
