// The CEL evaluator behaves as the API server's: Kubernetes' value types, transition rules,
// list-map correlation, messages and field paths, and refusal of rules that do not compile.
import { describe, expect, it } from 'vitest';
import { CelRuleCompileError, compileCelRules } from './cel.ts';
import type { JSONSchemaProps, ValidationRule } from './crd-types.ts';

function objectWith(
  properties: Record<string, JSONSchemaProps>,
  rules: ValidationRule[],
): JSONSchemaProps {
  return { type: 'object', properties, 'x-kubernetes-validations': rules };
}
const check = (schema: JSONSchemaProps, value: unknown, old?: unknown) =>
  compileCelRules(schema).validate(value, old);

describe('values as Kubernetes presents them to CEL', () => {
  it('makes integer fields ints and number fields doubles', () => {
    const schema = objectWith({ count: { type: 'integer' }, ratio: { type: 'number' } }, [
      { rule: 'self.count + 1 == 3 && self.ratio == 2.0', message: 'typed' },
    ]);
    expect(check(schema, { count: 2, ratio: 2 })).toEqual([]);
    expect(check(schema, { count: 3, ratio: 2 })).toHaveLength(1);
  });

  it('makes date and date-time fields timestamps and duration fields durations', () => {
    const schema = objectWith(
      {
        day: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        wait: { type: 'string', format: 'duration' },
      },
      [{ rule: 'self.day + self.wait == self.at', message: 'timestamps and durations' }],
    );
    expect(
      check(schema, { day: '2030-03-01', wait: '19h30m', at: '2030-03-01T20:30:00+01:00' }),
    ).toEqual([]);
    expect(
      check(schema, { day: '2030-03-01', wait: '19h', at: '2030-03-01T19:30:00Z' }),
    ).toHaveLength(1);
  });

  it('shows the resource root only its type fields and metadata.name and generateName', () => {
    const schema = objectWith(
      { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
      [
        {
          rule: "self.kind == 'Widget' && self.metadata.name == 'w' && !has(self.metadata.labels)",
          message: 'root view',
        },
      ],
    );
    expect(
      check(schema, {
        apiVersion: 'x/v1',
        kind: 'Widget',
        metadata: { name: 'w', labels: { a: 'b' } },
      }),
    ).toEqual([]);
  });

  it('escapes property names the way the API server does', () => {
    const schema = objectWith({ namespace: { type: 'string' }, 'x-y': { type: 'string' } }, [
      { rule: "self.__namespace__ == 'n' && self.x__dash__y == 'v'", message: 'escaped' },
    ]);
    expect(check(schema, { namespace: 'n', 'x-y': 'v' }, undefined)).toEqual([]);
  });

  it('hides undeclared fields from rules', () => {
    const schema = objectWith({ a: { type: 'string' } }, [
      { rule: '!has(self.b)', message: 'hidden' },
    ]);
    expect(check(schema, { a: 'x', b: 'y' })).toEqual([]);
  });
});

describe('transition rules', () => {
  const frozen: JSONSchemaProps = objectWith(
    {
      name: {
        type: 'string',
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'name is immutable' }],
      },
    },
    [],
  );

  it('run only on updates', () => {
    expect(check(frozen, { name: 'a' })).toEqual([]);
    expect(check(frozen, { name: 'a' }, { name: 'a' })).toEqual([]);
    expect(check(frozen, { name: 'b' }, { name: 'a' })).toEqual([
      {
        field: 'name',
        reason: 'FieldValueInvalid',
        message: 'name is immutable',
        rule: 'self == oldSelf',
      },
    ]);
  });

  it('with optionalOldSelf run on create too, oldSelf being an optional', () => {
    const schema = objectWith({ n: { type: 'integer' } }, [
      {
        rule: '!oldSelf.hasValue() || self.n >= oldSelf.value().n',
        message: 'n never goes down',
        optionalOldSelf: true,
      },
      {
        rule: 'oldSelf.hasValue() || self.n == 0',
        message: 'n starts at 0',
        optionalOldSelf: true,
      },
    ]);
    expect(check(schema, { n: 0 })).toEqual([]);
    expect(check(schema, { n: 1 }).map((e) => e.message)).toEqual(['n starts at 0']);
    expect(check(schema, { n: 1 }, { n: 2 }).map((e) => e.message)).toEqual(['n never goes down']);
  });

  it('correlate list-map items by key, and never items of other lists', () => {
    const item: JSONSchemaProps = {
      type: 'object',
      required: ['key'],
      properties: { key: { type: 'string' }, value: { type: 'string' } },
      'x-kubernetes-validations': [
        { rule: 'self.value == oldSelf.value', message: 'value is immutable' },
      ],
    };
    const mapList = objectWith(
      {
        items: {
          type: 'array',
          items: item,
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['key'],
        },
      },
      [],
    );
    const old = {
      items: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    };
    const reordered = {
      items: [
        { key: 'c', value: '9' },
        { key: 'b', value: '2' },
        { key: 'a', value: '1' },
      ],
    };
    expect(check(mapList, reordered, old)).toEqual([]);
    const changed = {
      items: [
        { key: 'b', value: '2' },
        { key: 'a', value: '3' },
      ],
    };
    expect(check(mapList, changed, old).map((e) => e.field)).toEqual(['items[1]']);
    const atomic = objectWith(
      { items: { type: 'array', items: item, 'x-kubernetes-list-type': 'atomic' } },
      [],
    );
    expect(check(atomic, changed, old)).toEqual([]);
  });
});

describe('errors', () => {
  it('name the field from fieldPath, use messageExpression and the given reason', () => {
    const schema = objectWith({ low: { type: 'integer' }, high: { type: 'integer' } }, [
      {
        rule: 'self.low <= self.high',
        messageExpression: "'low ' + string(self.low) + ' is above high ' + string(self.high)",
        message: 'fallback',
        fieldPath: '.low',
        reason: 'FieldValueForbidden',
      },
    ]);
    expect(check(schema, { low: 5, high: 2 })).toEqual([
      {
        field: 'low',
        reason: 'FieldValueForbidden',
        message: 'low 5 is above high 2',
        rule: 'self.low <= self.high',
      },
    ]);
  });

  it('report a rule that cannot be evaluated instead of passing it', () => {
    const schema = objectWith({ a: { type: 'string' } }, [
      { rule: "self.a == 'x'", message: 'a is x' },
    ]);
    const [error] = check(schema, {});
    expect(error?.message).toMatch(/^evaluating rule "self.a == 'x'": No such key: a/);
  });

  it('refuse a schema whose rule does not compile, naming where', () => {
    const syntax = objectWith({ spec: objectWith({}, [{ rule: 'self.a <' }]) }, []);
    expect(() => compileCelRules(syntax)).toThrow(CelRuleCompileError);
    expect(() => compileCelRules(syntax)).toThrow(/^spec: self.a </);
    const unknownVariable = objectWith({}, [{ rule: 'other.a == 1' }]);
    expect(() => compileCelRules(unknownVariable)).toThrow(CelRuleCompileError);
  });

  it('fail a rule that evaluates to something other than true', () => {
    const schema = objectWith({}, [{ rule: "'yes'", message: 'not a bool' }]);
    expect(check(schema, {})).toEqual([expect.objectContaining({ message: 'not a bool' })]);
  });
});
