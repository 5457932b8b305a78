// Conformance: LIST semantics (selectors, paging, resourceVersion), through @kubernetes/client-node.
// Pins https://kubernetes.io/docs/reference/using-api/api-concepts/#retrieving-large-results-sets-in-chunks,
// #semantics-for-get-and-list (resourceVersion, resourceVersionMatch) and
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors and field-selectors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  failure,
  group,
  startHarness,
  version,
  widget,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;
const plural = 'widgets';

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

describe('list', () => {
  beforeAll(async () => {
    for (const [name, tier] of [
      ['list-1', 'gold'],
      ['list-2', 'gold'],
      ['list-3', 'silver'],
      ['list-4', 'bronze'],
    ] as const) {
      await h.custom.createNamespacedCustomObject({
        group,
        version,
        namespace: 'listing',
        plural,
        body: {
          ...widget(name),
          metadata: { name, namespace: 'listing', labels: { tier, app: 'list' } },
        },
      });
    }
  });
  const list = (extra: Record<string, unknown> = {}) =>
    h.custom.listNamespacedCustomObject({ group, version, namespace: 'listing', plural, ...extra });

  it('returns a List with its kind and the current resourceVersion', async () => {
    const all = await list();
    expect(all.kind).toBe('WidgetList');
    expect(all.apiVersion).toBe(`${group}/${version}`);
    expect(all.metadata.resourceVersion).toBe(h.server.resourceVersion());
    expect(all.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'list-1',
      'list-2',
      'list-3',
      'list-4',
    ]);
  });

  it('filters by equality and set-based label selectors', async () => {
    const names = async (labelSelector: string) =>
      (await list({ labelSelector })).items.map(
        (i: { metadata: { name: string } }) => i.metadata.name,
      );
    expect(await names('tier=gold')).toEqual(['list-1', 'list-2']);
    expect(await names('app=list,tier!=gold')).toEqual(['list-3', 'list-4']);
    expect(await names('tier in (silver,bronze)')).toEqual(['list-3', 'list-4']);
    expect(await names('!tier')).toEqual([]);
  });

  it('filters by metadata.name field selector and refuses unsupported field labels (400)', async () => {
    expect((await list({ fieldSelector: 'metadata.name=list-3' })).items).toHaveLength(1);
    const { code, body } = await failure(list({ fieldSelector: 'spec.size=3' }));
    expect(code).toBe(400);
    expect(body.message).toContain('field label not supported: spec.size');
  });

  it('pages with limit and continue, counting what remains', async () => {
    const first = await list({ limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = await list({ limit: 3, _continue: first.metadata.continue });
    expect(second.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'list-4',
    ]);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('lists across namespaces at the cluster-wide path', async () => {
    const everywhere = await h.custom.listClusterCustomObject({
      group,
      version,
      plural,
      labelSelector: 'app=list',
    });
    expect(everywhere.items).toHaveLength(4);
  });

  it('answers 410 Expired for an Exact list at a compacted resourceVersion', async () => {
    const { code, body } = await failure(
      list({ resourceVersion: '1', resourceVersionMatch: 'Exact' }),
    );
    expect(code).toBe(410);
    expect(body.reason).toBe('Expired');
  });
});
