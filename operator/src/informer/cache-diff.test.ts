// Re-listing after a lost watch yields exactly the adds, updates and deletes that were missed.
import { describe, expect, it } from 'vitest';
import { diffList, type Meta } from './cache-diff.ts';

const obj = (name: string, rv: string, namespace = 'default'): Meta => ({
  metadata: { name, namespace, resourceVersion: rv },
});

describe('diffList', () => {
  it('finds what was added, changed and removed, and ignores what did not change', () => {
    const previous = new Map([
      ['default/a', obj('a', '1')],
      ['default/b', obj('b', '2')],
      ['default/c', obj('c', '3')],
    ]);
    const { cache, changes } = diffList(previous, [obj('a', '1'), obj('b', '7'), obj('d', '8')]);
    expect([...cache.keys()]).toEqual(['default/a', 'default/b', 'default/d']);
    expect(changes.map((c) => [c.type, c.object.metadata.name])).toEqual([
      ['update', 'b'],
      ['add', 'd'],
      ['delete', 'c'],
    ]);
    const update = changes[0] as { previous: Meta };
    expect(update.previous.metadata.resourceVersion).toBe('2');
  });

  it('keeps namespaces apart', () => {
    const previous = new Map([['one/a', obj('a', '1', 'one')]]);
    const { changes } = diffList(previous, [obj('a', '1', 'two')]);
    expect(changes.map((c) => [c.type, c.object.metadata.namespace])).toEqual([
      ['add', 'two'],
      ['delete', 'one'],
    ]);
  });
});
