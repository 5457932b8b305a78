// Label and field selector parsing, per https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
// (equality- and set-based requirements) and .../field-selectors/ (=, ==, != on supported fields only).
import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { KubeObject } from './types.ts';

const obj = (labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'n', namespace: 'ns', labels },
  ...extra,
});

describe('label selectors', () => {
  const matches = (selector: string, labels: Record<string, string>) =>
    parseLabelSelector(selector)(obj(labels));

  it('supports =, == and !=', () => {
    expect(matches('a=b', { a: 'b' })).toBe(true);
    expect(matches('a==b', { a: 'c' })).toBe(false);
    expect(matches('a!=b', {})).toBe(true);
    expect(matches('a=b,c!=d', { a: 'b', c: 'd' })).toBe(false);
  });

  it('supports in, notin, exists and !exists', () => {
    expect(matches('env in (prod, staging)', { env: 'staging' })).toBe(true);
    expect(matches('env notin (prod)', {})).toBe(true);
    expect(matches('env notin (prod)', { env: 'prod' })).toBe(false);
    expect(matches('env', { env: '' })).toBe(true);
    expect(matches('!env', { env: 'x' })).toBe(false);
    expect(matches('env in (a,b),tier', { env: 'a', tier: '1' })).toBe(true);
  });

  it('matches everything when empty and refuses nonsense with 400', () => {
    expect(parseLabelSelector(null)(obj({}))).toBe(true);
    expect(() => parseLabelSelector('a b c')).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('field selectors', () => {
  it('matches metadata.name and metadata.namespace', () => {
    expect(parseFieldSelector('metadata.name=n,metadata.namespace!=other', [])(obj({}))).toBe(true);
    expect(parseFieldSelector('metadata.name==m', [])(obj({}))).toBe(false);
  });

  it('reads the extra fields a resource declares, and refuses others with 400', () => {
    const event = obj({}, { involvedObject: { name: 'w', kind: 'Widget' } });
    expect(parseFieldSelector('involvedObject.name=w', ['involvedObject.name'])(event)).toBe(true);
    expect(() => parseFieldSelector('involvedObject.name=w', [])).toThrow(
      expect.objectContaining({ code: 400 }),
    );
  });
});
