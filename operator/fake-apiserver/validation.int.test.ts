// Conformance: custom resource validation, defaulting, pruning and CEL rules, through @kubernetes/client-node.
// Pins https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
// (#validation, #defaulting, #field-pruning, #validation-rules: x-kubernetes-validations with self,
// oldSelf transition rules, message and fieldPath) and the 422 Invalid Status with details.causes
// from https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failure,
  group,
  postCrd,
  startHarness,
  version,
  widget,
  widgetCrd,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;
const ns = 'default';
const plural = 'widgets';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

const create = (name: string, spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  h.custom.createNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural,
    body: { ...widget(name, spec), ...extra },
  });
const causesOf = (body: Record<string, unknown>) =>
  (body.details as { causes: { field: string; reason: string; message: string }[] }).causes;

describe('schema validation', () => {
  it('refuses a bad object with 422 Invalid listing every cause with its field', async () => {
    const { code, body } = await failure(
      create('v-bad', {
        color: 'pink',
        size: 'big',
        startsAt: 'tomorrow',
        tags: ['a', 'a'],
        code: 'abc',
        port: true,
        notes: { k: 1 },
      }),
    );
    expect(code).toBe(422);
    expect(body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422 });
    const byField = Object.fromEntries(causesOf(body).map((c) => [c.field, c.reason]));
    expect(byField).toEqual({
      'spec.color': 'FieldValueNotSupported',
      'spec.size': 'FieldValueTypeInvalid',
      'spec.startsAt': 'FieldValueInvalid',
      'spec.tags[1]': 'FieldValueDuplicate',
      'spec.code': 'FieldValueInvalid',
      'spec.port': 'FieldValueTypeInvalid',
      'spec.notes[k]': 'FieldValueTypeInvalid',
    });
    expect(body.message).toMatch(/^Widget\.fake\.marquee\.dev "v-bad" is invalid: \[/);
    expect(h.server.object('widgets', ns, 'v-bad')).toBeUndefined();
  });

  it('names a missing required field and enforces bounds', async () => {
    const missing = await failure(create('v-required', { color: 'red' }));
    expect(causesOf(missing.body)).toEqual([
      { reason: 'FieldValueRequired', field: 'spec.size', message: 'Required value' },
    ]);
    const tooBig = await failure(create('v-bounds', { size: 101, tags: ['a', 'b', 'c', 'd'] }));
    expect(
      causesOf(tooBig.body)
        .map((c) => c.field)
        .sort(),
    ).toEqual(['spec.size', 'spec.tags']);
  });

  it('accepts integers or strings for x-kubernetes-int-or-string', async () => {
    expect((await create('v-ios-1', { size: 1, port: 8080 })).spec.port).toBe(8080);
    expect((await create('v-ios-2', { size: 1, port: 'http' })).spec.port).toBe('http');
  });

  it('applies defaults on create, and for a null the schema does not allow', async () => {
    expect((await create('v-default', { size: 1 })).spec.color).toBe('green');
    expect((await create('v-default-null', { size: 1, color: null })).spec.color).toBe('green');
  });

  it('prunes unknown fields, but keeps those under x-kubernetes-preserve-unknown-fields', async () => {
    const created = await create(
      'v-prune',
      { size: 1, bogus: true, extra: { anything: { goes: [1] } } },
      { topLevelBogus: 1 },
    );
    expect(created.spec).toEqual({ size: 1, color: 'green', extra: { anything: { goes: [1] } } });
    expect(created.topLevelBogus).toBeUndefined();
  });

  it('warns about unknown fields in a Warning header, and refuses them with fieldValidation=Strict', async () => {
    const url = `${h.server.url}/apis/${group}/${version}/namespaces/${ns}/${plural}`;
    const post = (name: string, query = '') =>
      fetch(url + query, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(widget(name, { size: 1, bogus: 1 })),
      });
    const warned = await post('v-warn');
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.bogus\\""');
    const strict = await post('v-strict', '?fieldValidation=Strict');
    expect(strict.status).toBe(422);
    expect(((await strict.json()) as { message: string }).message).toContain(
      'unknown field "spec.bogus"',
    );
  });
});

describe('CEL rules (x-kubernetes-validations)', () => {
  it('refuses an object that breaks a rule, with the rule message on the field', async () => {
    const { code, body } = await failure(
      create('v-cel', {
        size: 1,
        window: { opensAt: '2030-03-02T10:00:00Z', closesAt: '2030-03-01T10:00:00Z' },
      }),
    );
    expect(code).toBe(422);
    expect(causesOf(body)).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'spec',
        message: 'Invalid value: "object": the window must open before it closes',
      },
    ]);
  });

  it('compares date-time fields as timestamps, not as strings', async () => {
    // As strings "2030-03-01T10:00:00+01:00" > "2030-03-01T09:30:00Z"; as instants it opens first.
    const ok = await create('v-cel-tz', {
      size: 1,
      window: { opensAt: '2030-03-01T10:00:00+01:00', closesAt: '2030-03-01T09:30:00Z' },
    });
    expect(ok.metadata.uid).toBeDefined();
  });

  it('evaluates transition rules against the old object on update only', async () => {
    const created = await create('v-transition', { size: 1, retired: true });
    const { code, body } = await failure(
      h.custom.replaceNamespacedCustomObject({
        group,
        version,
        namespace: ns,
        plural,
        name: 'v-transition',
        body: { ...created, spec: { size: 1, retired: false } },
      }),
    );
    expect(code).toBe(422);
    expect(causesOf(body)[0]?.message).toContain('a retired widget stays retired');
  });

  it('skips, with a logged warning, a rule the CEL library cannot evaluate', async () => {
    const crd = structuredClone(widgetCrd) as typeof widgetCrd & {
      spec: {
        group: string;
        names: Record<string, unknown>;
        versions: {
          schema: { openAPIV3Schema: { properties: { spec: Record<string, unknown> } } };
        }[];
      };
    };
    crd.metadata.name = `sprockets.${group}`;
    crd.spec.names = { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket' };
    const spec = crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec as {
      'x-kubernetes-validations': object[];
    };
    spec['x-kubernetes-validations'] = [
      { rule: 'isURL(self.code)', message: 'code must be a URL' },
    ];
    expect((await postCrd(h.server, crd)).status).toBe(201);
    const created = await h.custom.createNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural: 'sprockets',
      body: {
        apiVersion: `${group}/${version}`,
        kind: 'Sprocket',
        metadata: { name: 's' },
        spec: { size: 1, code: 'ABC' },
      },
    });
    expect(created.metadata.uid).toBeDefined();
    expect(
      h.server.warnings.some((w) => w.includes('isURL(self.code)') && w.includes('skipped')),
    ).toBe(true);
  });

  it('refuses a CRD whose rule does not compile (422)', async () => {
    const crd = structuredClone(widgetCrd) as typeof widgetCrd & {
      spec: {
        names: Record<string, unknown>;
        versions: {
          schema: { openAPIV3Schema: { properties: { spec: Record<string, unknown> } } };
        }[];
      };
    };
    crd.metadata.name = `brokens.${group}`;
    crd.spec.names = { plural: 'brokens', singular: 'broken', kind: 'Broken' };
    (crd.spec.versions[0]?.schema.openAPIV3Schema.properties.spec as Record<string, unknown>)[
      'x-kubernetes-validations'
    ] = [{ rule: 'self.size >' }];
    const { status, body } = await postCrd(h.server, crd);
    expect(status).toBe(422);
    expect(body.message).toContain('compilation failed');
  });
});
