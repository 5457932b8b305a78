// Patch mechanics in isolation: RFC 7386 merge patch, RFC 6902 JSON patch, FieldsV1 sets and apply conflicts
// (https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { applyConfiguration } from './apply.ts';
import { FieldSet, leafFields, removeAt } from './fieldset.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './merge-patch.ts';
import { recordUpdate } from './managed-fields.ts';

describe('merge patch', () => {
  it('follows the RFC 7386 examples', () => {
    expect(applyMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(applyMergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(applyMergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(applyMergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } })).toEqual({
      a: { b: 'd' },
    });
  });
});

describe('JSON patch', () => {
  it('follows the RFC 6902 operations, escaping ~0 and ~1', () => {
    const doc = { 'a/b': 1, list: [1, 2], m: { '~x': 1 } };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/list/1', value: 9 },
      { op: 'move', from: '/a~1b', path: '/moved' },
      { op: 'copy', from: '/moved', path: '/copied' },
      { op: 'remove', path: '/m/~0x' },
    ]);
    expect(out).toEqual({ list: [1, 9, 2], m: {}, moved: 1, copied: 1 });
    expect(doc).toEqual({ 'a/b': 1, list: [1, 2], m: { '~x': 1 } });
  });

  it('fails (422) on a missing path or a failed test', () => {
    expect(() => applyJsonPatch({}, [{ op: 'replace', path: '/nope', value: 1 }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }));
  });
});

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        tags: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-list-type': 'set' as const,
        },
      },
    },
  },
};
const object = (
  spec: Record<string, unknown>,
  managedFields?: KubeObject['metadata']['managedFields'],
): KubeObject => ({
  apiVersion: 'x/v1',
  kind: 'X',
  metadata: {
    name: 'x',
    uid: 'u',
    resourceVersion: '3',
    labels: { a: 'b' },
    finalizers: ['f/one'],
    managedFields,
  },
  spec,
});
const req = (manager: string, operation: 'Apply' | 'Update' = 'Apply') => ({
  manager,
  operation,
  subresource: undefined,
  apiVersion: 'x/v1',
  schema,
  scope: 'all' as const,
  time: '2030-01-01T00:00:00Z',
  force: false,
});

describe('field sets', () => {
  it('lists leaves, skipping server-owned metadata, with set items as v: steps', () => {
    const set = leafFields(object({ size: 1, tags: ['a'] }), schema, 'all');
    expect(set.toFieldsV1()).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} }, 'f:finalizers': { 'v:"f/one"': {} } },
      'f:spec': { 'f:size': {}, 'f:tags': { 'v:"a"': {} } },
    });
    expect(FieldSet.fromFieldsV1(set.toFieldsV1()).equals(set)).toBe(true);
  });

  it('removes a set item or a field by path', () => {
    const o = object({ size: 1, tags: ['a', 'b'] });
    expect(removeAt(o, ['f:spec', 'f:tags', 'v:"a"']).spec).toEqual({ size: 1, tags: ['b'] });
    expect(removeAt(o, ['f:spec', 'f:size']).spec).toEqual({ tags: ['a', 'b'] });
  });
});

describe('apply and update bookkeeping', () => {
  const target = { group: 'x', plural: 'xs', name: 'x' };

  it('moves changed fields to the updating manager and drops empty entries', () => {
    const live = object({ size: 1 });
    live.metadata.managedFields = recordUpdate(undefined, live, req('creator', 'Update'));
    const next = object({ size: 2 }, live.metadata.managedFields);
    const entries = recordUpdate(live, next, req('editor', 'Update')) ?? [];
    expect(entries.map((e) => [e.manager, e.fieldsV1])).toEqual([
      [
        'creator',
        { 'f:metadata': { 'f:labels': { 'f:a': {} }, 'f:finalizers': { 'v:"f/one"': {} } } },
      ],
      ['editor', { 'f:spec': { 'f:size': {} } }],
    ]);
  });

  it('reports every conflicting field, and force transfers them', () => {
    const first = applyConfiguration(
      object({}),
      object({ size: 1, tags: ['a'] }),
      req('one'),
      target,
    );
    const live = {
      ...first.object,
      metadata: { ...first.object.metadata, managedFields: first.managedFields },
    };
    expect(() => applyConfiguration(live, object({ size: 2 }), req('two'), target)).toThrow(
      expect.objectContaining({ code: 409 }),
    );
    const forced = applyConfiguration(
      live,
      object({ size: 2 }),
      { ...req('two'), force: true },
      target,
    );
    expect(forced.object.spec).toEqual({ size: 2, tags: ['a'] });
    expect(forced.managedFields.find((e) => e.manager === 'one')?.fieldsV1).toMatchObject({
      'f:spec': { 'f:tags': { 'v:"a"': {} } },
    });
  });
});
