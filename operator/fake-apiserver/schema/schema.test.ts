// Structural schema behaviour in isolation, per
// https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
// (#field-pruning, #defaulting-and-nullable, #validation-rules incl. transition rules and optionalOldSelf).
import { describe, expect, it } from 'vitest';
import type { SchemaNode } from '../types.ts';
import { CelValidator } from './cel.ts';
import { satisfiesFormat } from './formats.ts';
import { pruneAndDefault, unknownFields } from './prune-default.ts';
import { validateAgainst } from './validate.ts';

const schema: SchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        mode: { type: 'string', default: 'auto' },
        nested: {
          type: 'object',
          default: {},
          properties: { depth: { type: 'integer', default: 2 } },
        },
        keepNull: { type: 'string', nullable: true },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        map: { type: 'object', additionalProperties: { type: 'integer' } },
      },
    },
  },
};

describe('pruning and defaulting', () => {
  it('drops unknown fields, keeps root metadata and preserved subtrees, and defaults recursively', () => {
    const input = {
      apiVersion: 'a/v1',
      kind: 'K',
      metadata: { name: 'n', odd: 1 },
      spec: { junk: 1, free: { x: { y: 1 } }, map: { a: 1 } },
      top: 1,
    };
    expect(pruneAndDefault(input, schema)).toEqual({
      apiVersion: 'a/v1',
      kind: 'K',
      metadata: { name: 'n', odd: 1 },
      spec: { mode: 'auto', nested: { depth: 2 }, free: { x: { y: 1 } }, map: { a: 1 } },
    });
    expect(unknownFields(input, schema)).toEqual(['spec.junk', 'top']);
  });

  it('replaces a null by the default unless the field is nullable', () => {
    expect(pruneAndDefault({ spec: { mode: null, keepNull: null } }, schema)).toMatchObject({
      spec: { mode: 'auto', keepNull: null },
    });
  });
});

describe('value validation', () => {
  it('names each failure by path with the API server reason', () => {
    const s: SchemaNode = {
      type: 'object',
      required: ['a'],
      properties: {
        b: { type: 'array', items: { type: 'integer', minimum: 0 } },
        c: { type: 'string', minLength: 2, maxLength: 3 },
      },
    };
    expect(validateAgainst({ b: [1, -1, 'x'], c: 'abcd' }, s, 'spec')).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.a', message: 'Required value' },
      {
        reason: 'FieldValueInvalid',
        field: 'spec.b[1]',
        message: 'Invalid value: -1: spec.b[1] in body should be greater than or equal to 0',
      },
      {
        reason: 'FieldValueTypeInvalid',
        field: 'spec.b[2]',
        message: 'Invalid value: "string": spec.b[2] in body must be of type integer: "string"',
      },
      {
        reason: 'FieldValueTooLong',
        field: 'spec.c',
        message: 'Too long: may not be more than 3 bytes',
      },
    ]);
  });

  it('checks anyOf/oneOf/not as value validations', () => {
    const s: SchemaNode = {
      type: 'string',
      anyOf: [{ pattern: '^a' }, { pattern: '^b' }],
      not: { enum: ['bad'] },
    };
    expect(validateAgainst('ax', s)).toEqual([]);
    expect(validateAgainst('cx', s)).toHaveLength(1);
  });

  it('knows the date-time, date and uuid formats', () => {
    expect(satisfiesFormat('date-time', '2030-03-05T19:30:00Z')).toBe(true);
    expect(satisfiesFormat('date-time', '2030-02-30T19:30:00Z')).toBe(false);
    expect(satisfiesFormat('date', '2030-03-31')).toBe(true);
    expect(satisfiesFormat('date', '2030-3-31')).toBe(false);
    expect(satisfiesFormat('uuid', '6f1c7c1e-8d8a-4a55-9c0e-0b8f0d7c1a01')).toBe(true);
    expect(satisfiesFormat('uuid', 'nope')).toBe(false);
    expect(satisfiesFormat('hostname-ish-unknown', 'anything')).toBe(true);
  });
});

describe('CEL rules', () => {
  const quiet = { warn: () => {} };
  const rules = (rule: Record<string, unknown>): SchemaNode => ({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-validations': [rule as never],
        properties: {
          n: { type: 'integer' },
          at: { type: 'string', format: 'date' },
          until: { type: 'string', format: 'date' },
          done: { type: 'boolean' },
        },
      },
    },
  });

  it('gives integers as int and dates as timestamps (duration arithmetic works)', () => {
    const cel = new CelValidator(quiet);
    const s = rules({ rule: "self.n * 2 == 8 && self.until - self.at <= duration('48h')" });
    expect(
      cel.validate({ spec: { n: 4, at: '2030-01-01', until: '2030-01-03' } }, undefined, s).causes,
    ).toEqual([]);
    expect(
      cel.validate({ spec: { n: 4, at: '2030-01-01', until: '2030-01-04' } }, undefined, s).causes,
    ).toHaveLength(1);
  });

  it('runs a transition rule only when there is an old value, unless optionalOldSelf', () => {
    const cel = new CelValidator(quiet);
    const plain = rules({ rule: 'self.done || !oldSelf.done', message: 'stays done' });
    expect(cel.validate({ spec: { done: false } }, undefined, plain).causes).toEqual([]);
    expect(
      cel.validate({ spec: { done: false } }, { spec: { done: true } }, plain).causes[0]?.message,
    ).toBe('Invalid value: "object": stays done');
    const optional = rules({ rule: 'oldSelf.hasValue() || self.n == 1', optionalOldSelf: true });
    expect(cel.validate({ spec: { n: 2 } }, undefined, optional).causes).toHaveLength(1);
  });

  it('uses messageExpression, reason and fieldPath', () => {
    const cel = new CelValidator(quiet);
    const s = rules({
      rule: 'self.n < 3',
      messageExpression: "'n is ' + string(self.n)",
      reason: 'FieldValueForbidden',
      fieldPath: '.n',
    });
    expect(cel.validate({ spec: { n: 5 } }, undefined, s).causes).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec.n', message: 'Forbidden: n is 5' },
    ]);
  });

  it('skips a rule the library cannot evaluate and says so once', () => {
    const warnings: string[] = [];
    const cel = new CelValidator({ warn: (m) => warnings.push(m) });
    const s = rules({ rule: "quantity('1Gi').isGreaterThan(quantity('1Mi'))" });
    expect(cel.validate({ spec: { n: 1 } }, undefined, s).causes).toEqual([]);
    cel.validate({ spec: { n: 1 } }, undefined, s);
    expect(warnings).toHaveLength(1);
    expect(cel.skipped).toEqual(["quantity('1Gi').isGreaterThan(quantity('1Mi'))"]);
  });

  it('reports compile errors for a CRD', () => {
    expect(new CelValidator(quiet).compileAll(rules({ rule: 'self.n >' }))).toHaveLength(1);
  });
});
