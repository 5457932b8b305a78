// The schema side of custom-resource validation: OpenAPI 3.0 keywords and x-kubernetes-*
// extensions mean what they mean to the API server, errors read like its Status causes.
import { describe, expect, it } from 'vitest';
import type { CustomResourceDefinition, JSONSchemaProps } from './crd-types.ts';
import { createCustomResourceValidator } from './crd-validator.ts';
import type { ValidatorOptions } from './crd-validator.ts';

function crdWithSpec(spec: JSONSchemaProps): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec,
              },
            },
          },
        },
      ],
    },
  };
}

const widget = (spec: unknown) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', labels: { a: 'b' } },
  spec,
});
const validate = (spec: JSONSchemaProps, value: unknown, options?: ValidatorOptions) =>
  createCustomResourceValidator(crdWithSpec(spec), options).validate(widget(value));

describe('unknown fields', () => {
  const spec: JSONSchemaProps = { type: 'object', properties: { size: { type: 'integer' } } };

  it('are rejected by default, as with strict field validation', () => {
    expect(validate(spec, { size: 1, colour: 'red' })).toEqual([
      { field: 'spec.colour', reason: 'FieldValueInvalid', message: 'unknown field "spec.colour"' },
    ]);
  });

  it('are pruned in place when asked, as the API server does by default', () => {
    const object = widget({ size: 1, colour: 'red' });
    expect(
      createCustomResourceValidator(crdWithSpec(spec), { unknownFields: 'prune' }).validate(object),
    ).toEqual([]);
    expect(object.spec).toEqual({ size: 1 });
  });

  it('are kept under x-kubernetes-preserve-unknown-fields, and metadata is the API server’s', () => {
    const open: JSONSchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    expect(validate(open, { anything: { at: ['all'] } })).toEqual([]);
  });
});

describe('OpenAPI keywords and extensions', () => {
  it('apply defaults when asked', () => {
    const spec: JSONSchemaProps = {
      type: 'object',
      properties: { mode: { type: 'string', default: 'auto' } },
    };
    const object = widget({});
    createCustomResourceValidator(crdWithSpec(spec), { applyDefaults: true }).validate(object);
    expect(object.spec).toEqual({ mode: 'auto' });
  });

  it('allow null only where nullable', () => {
    const spec: JSONSchemaProps = {
      type: 'object',
      properties: { note: { type: 'string', nullable: true }, name: { type: 'string' } },
    };
    expect(validate(spec, { note: null })).toEqual([]);
    expect(validate(spec, { name: null })).toEqual([
      expect.objectContaining({ field: 'spec.name', reason: 'FieldValueTypeInvalid' }),
    ]);
  });

  it('take integers or strings under x-kubernetes-int-or-string', () => {
    const spec: JSONSchemaProps = {
      type: 'object',
      properties: { port: { 'x-kubernetes-int-or-string': true } },
    };
    expect(validate(spec, { port: 8080 })).toEqual([]);
    expect(validate(spec, { port: 'http' })).toEqual([]);
    expect(validate(spec, { port: true })).toHaveLength(1);
  });

  it('read boolean exclusiveMinimum as OpenAPI 3.0 does', () => {
    const spec: JSONSchemaProps = {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
    };
    expect(validate(spec, { n: 1 })).toEqual([]);
    expect(validate(spec, { n: 0 })).toEqual([expect.objectContaining({ field: 'spec.n' })]);
  });

  it('refuse duplicates in set and map lists, naming the later item', () => {
    const spec: JSONSchemaProps = {
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, port: { type: 'integer' } },
          },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
      },
    };
    expect(
      validate(spec, {
        tags: ['a', 'b'],
        ports: [
          { name: 'a', port: 1 },
          { name: 'b', port: 1 },
        ],
      }),
    ).toEqual([]);
    expect(validate(spec, { tags: ['a', 'b', 'a'] })).toEqual([
      { field: 'spec.tags[2]', reason: 'FieldValueDuplicate', message: 'Duplicate value: "a"' },
    ]);
    expect(
      validate(spec, {
        ports: [
          { name: 'a', port: 1 },
          { name: 'a', port: 2 },
        ],
      }),
    ).toEqual([
      {
        field: 'spec.ports[1]',
        reason: 'FieldValueDuplicate',
        message: 'Duplicate value: another item has the same name',
      },
    ]);
  });

  it('ignore formats the API server does not check', () => {
    const spec: JSONSchemaProps = {
      type: 'object',
      properties: { colour: { type: 'string', format: 'color' } },
    };
    expect(validate(spec, { colour: 'not checked' })).toEqual([]);
  });
});

describe('type fields', () => {
  const spec: JSONSchemaProps = { type: 'object' };

  it('refuse another version or kind', () => {
    const validator = createCustomResourceValidator(crdWithSpec(spec));
    expect(validator.validate({ ...widget({}), apiVersion: 'example.com/v2' })).toEqual([
      expect.objectContaining({ field: 'apiVersion', reason: 'FieldValueNotSupported' }),
    ]);
    expect(validator.validate({ ...widget({}), kind: 'Gadget' })).toEqual([
      expect.objectContaining({ field: 'kind', reason: 'FieldValueNotSupported' }),
    ]);
  });
});
