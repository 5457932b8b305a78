// The CRD sources obey the rules the API server enforces on a CRD (structural schema, CEL that
// compiles, field paths and printer columns that resolve, defaults that validate), carry a
// description for every field `kubectl explain` shows, and keep the price table in step with
// the contracts.
import { SEAT_CATEGORIES } from '@marquee/contracts/layouts';
import { priceTableSchema as contractPriceTable, TICKET_TYPES } from '@marquee/contracts/prices';
import { describe, expect, it } from 'vitest';
import { compileCelRules } from './cel.ts';
import type { JSONSchemaProps, ValidationRule } from './crd-types.ts';
import { createAjv } from './crd-validator.ts';
import { CINEMA_GROUP, CINEMA_VERSION, CRDS } from './index.ts';
import { toNodeJsonSchema } from './json-schema.ts';
import { MAX_AMOUNT_MINOR, priceTableSchema } from './price-table.schema.ts';

interface Node {
  path: string;
  schema: JSONSchemaProps;
}

function nodesOf(schema: JSONSchemaProps, path = ''): Node[] {
  const children = [
    ...Object.entries(schema.properties ?? {}).map(([name, child]) =>
      nodesOf(child, path ? `${path}.${name}` : name),
    ),
    ...(schema.items ? [nodesOf(schema.items, `${path}[*]`)] : []),
    ...(typeof schema.additionalProperties === 'object'
      ? [nodesOf(schema.additionalProperties, `${path}[*]`)]
      : []),
  ];
  return [{ path, schema }, ...children.flat()];
}

/** Follows `.a.b[*].c` or `.a[?(@.type=="Ready")].b` through a schema. */
function resolve(
  schema: JSONSchemaProps,
  jsonPath: string,
): JSONSchemaProps | 'metadata' | undefined {
  const segments = jsonPath
    .replace(/\[\?\(.*?\)\]/g, '[*]')
    .split('.')
    .filter(Boolean);
  let node: JSONSchemaProps | undefined = schema;
  for (const [index, segment] of segments.entries()) {
    if (index === 0 && segment === 'metadata') return 'metadata';
    const many = segment.endsWith('[*]');
    node = node?.properties?.[many ? segment.slice(0, -3) : segment];
    if (many) node = node?.items;
  }
  return node;
}

const versions = CRDS.flatMap((crd) =>
  crd.spec.versions.map((v) => [`${crd.spec.names.kind} ${v.name}`, crd, v] as const),
);

describe.each(versions)('%s', (_name, crd, version) => {
  const root = version.schema.openAPIV3Schema;
  const nodes = nodesOf(root);

  it('is named <plural>.<group> in the fixed group, version and category', () => {
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${CINEMA_GROUP}`);
    expect(crd.spec.group).toBe(CINEMA_GROUP);
    expect(version).toMatchObject({
      name: CINEMA_VERSION,
      served: true,
      storage: true,
      subresources: { status: {} },
    });
    expect(crd.spec.names.categories).toEqual(['marquee']);
    expect(crd.spec.names.shortNames?.length).toBe(1);
  });

  it('is a structural schema: a type on every node, never properties beside additionalProperties', () => {
    for (const { path, schema } of nodes) {
      const untyped =
        schema['x-kubernetes-int-or-string'] || schema['x-kubernetes-preserve-unknown-fields'];
      expect(schema.type ?? (untyped ? 'untyped' : undefined), path).toBeDefined();
      expect(schema.properties && schema.additionalProperties !== undefined, path).toBeFalsy();
      if (schema.type === 'array') expect(schema.items, path).toBeDefined();
    }
  });

  it('describes every field for kubectl explain (ObjectMeta excepted)', () => {
    for (const { path, schema } of nodes) {
      if (path === 'metadata') continue;
      expect(schema.description?.length ?? 0, path || '<root>').toBeGreaterThan(10);
    }
  });

  it('bounds every list and keys every map list by required fields', () => {
    for (const { path, schema } of nodes.filter((n) => n.schema.type === 'array')) {
      expect(schema.maxItems, path).toBeGreaterThan(0);
      expect(schema['x-kubernetes-list-type'], path).toBeDefined();
      for (const key of schema['x-kubernetes-list-map-keys'] ?? []) {
        expect(schema.items?.required, path).toContain(key);
      }
    }
  });

  it('has defaults that are valid where they stand', () => {
    const ajv = createAjv();
    const withDefaults = nodes.filter((n) => n.schema.default !== undefined);
    expect(withDefaults.length).toBeGreaterThan(0);
    for (const { path, schema } of withDefaults) {
      expect(ajv.validate(toNodeJsonSchema(schema), schema.default), path).toBe(true);
    }
  });

  it('has CEL rules that compile, with messages and field paths that resolve', () => {
    expect(() => compileCelRules(root)).not.toThrow();
    const rules = nodes.flatMap(({ path, schema }) =>
      (schema['x-kubernetes-validations'] ?? []).map((rule: ValidationRule) => ({
        path,
        schema,
        rule,
      })),
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const { path, schema, rule } of rules) {
      expect(rule.message, rule.rule).toBeTruthy();
      if (rule.fieldPath)
        expect(resolve(schema, rule.fieldPath), `${path} ${rule.fieldPath}`).toBeDefined();
    }
  });

  it('has printer columns whose paths and types match the schema', () => {
    const columns = version.additionalPrinterColumns ?? [];
    expect(columns.map((c) => c.name)).toEqual(expect.arrayContaining(['Ready', 'Age']));
    for (const column of columns) {
      const target = resolve(root, column.jsonPath);
      expect(target, column.jsonPath).toBeDefined();
      if (target === 'metadata' || target === undefined) continue;
      expect(column.type === 'date' ? 'string' : column.type, column.name).toBe(target.type);
    }
  });
});

describe('price table schema', () => {
  const validate = createAjv().compile(toNodeJsonSchema(priceTableSchema));
  const table = (amount: unknown = 900) => ({
    currency: 'EUR',
    prices: Object.fromEntries(
      SEAT_CATEGORIES.map((c) => [c, Object.fromEntries(TICKET_TYPES.map((t) => [t, amount]))]),
    ),
  });
  const withPrices = (edit: (prices: Record<string, Record<string, unknown>>) => void) => {
    const copy = table() as { currency: string; prices: Record<string, Record<string, unknown>> };
    edit(copy.prices);
    return copy;
  };

  it.each([
    ['a full table', table()],
    ['free seats', table(0)],
    ['the largest amount', table(MAX_AMOUNT_MINOR)],
    ['an amount over the bound', table(MAX_AMOUNT_MINOR + 1)],
    ['a negative amount', table(-1)],
    ['a fractional amount', table(9.5)],
    ['a lowercase currency', { ...table(), currency: 'eur' }],
    ['a missing category', withPrices((p) => delete p.companion)],
    ['an unknown category', withPrices((p) => (p.balcony = p.standard ?? {}))],
    ['a missing ticket type', withPrices((p) => delete p.standard?.senior)],
    ['an unknown ticket type', withPrices((p) => ((p.standard ?? {}).student = 500))],
  ])('agrees with the contracts on %s', (_case, candidate) => {
    expect(validate(structuredClone(candidate))).toBe(
      contractPriceTable.safeParse(candidate).success,
    );
  });

  it('accepts one table and refuses another, so the agreement above means something', () => {
    expect(validate(table())).toBe(true);
    expect(validate(table(-1))).toBe(false);
  });
});
