// Conformance: watch streams and informers against the fake, through @kubernetes/client-node's Watch and makeInformer.
// Pins https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes
// (watch from a resourceVersion; no resourceVersion = synthetic ADDED for current state),
// #watch-bookmarks (BOOKMARK events carry only metadata.resourceVersion) and
// #410-gone-responses (a watch older than the history window gets an ERROR event with 410 Expired;
// the client must re-list).
import { makeInformer, Watch, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  group,
  startHarness,
  version,
  waitFor,
  widget,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;
const plural = 'widgets';
const pathFor = (ns: string) => `/apis/${group}/${version}/namespaces/${ns}/${plural}`;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

const create = (ns: string, name: string, labels?: Record<string, string>) =>
  h.custom.createNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural,
    body: { ...widget(name), metadata: { name, namespace: ns, labels } },
  });

interface Seen {
  type: string;
  object: {
    metadata?: { name?: string; resourceVersion?: string };
    code?: number;
    reason?: string;
  };
}

/** Opens a raw watch and records every event and how the stream ended. */
async function watchRaw(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) {
  const events: Seen[] = [];
  let ended: unknown = 'open';
  const controller = await new Watch(h.kc).watch(
    path,
    query,
    (type, object) => events.push({ type, object }),
    (err) => {
      ended = err ?? null;
    },
  );
  return {
    events,
    controller,
    ended: () => ended,
    names: (type: string) =>
      events.filter((e) => e.type === type).map((e) => e.object.metadata?.name),
  };
}

describe('watch', () => {
  it('without a resourceVersion starts with synthetic ADDED events for the current state', async () => {
    await create('w-state', 'a');
    await create('w-state', 'b');
    const w = await watchRaw(pathFor('w-state'), {});
    await waitFor(() => w.events.length >= 2);
    expect(w.names('ADDED')).toEqual(['a', 'b']);
    w.controller.abort();
  });

  it('from a resourceVersion delivers exactly the changes after it, in order', async () => {
    const first = await create('w-from', 'a');
    await create('w-from', 'b');
    await h.custom.deleteNamespacedCustomObject({
      group,
      version,
      namespace: 'w-from',
      plural,
      name: 'a',
    });
    const w = await watchRaw(pathFor('w-from'), {
      resourceVersion: first.metadata.resourceVersion,
    });
    await waitFor(() => w.events.length >= 2);
    expect(w.events.map((e) => `${e.type}:${e.object.metadata?.name}`)).toEqual([
      'ADDED:b',
      'DELETED:a',
    ]);
    await h.custom.patchNamespacedCustomObject({
      group,
      version,
      namespace: 'w-from',
      plural,
      name: 'b',
      body: [{ op: 'replace', path: '/spec/size', value: 9 }],
    });
    await waitFor(() => w.events.length >= 3);
    expect(w.events[2]?.type).toBe('MODIFIED');
    expect(Number(w.events[2]?.object.metadata?.resourceVersion)).toBeGreaterThan(
      Number(w.events[1]?.object.metadata?.resourceVersion),
    );
    w.controller.abort();
  });

  it('sends periodic BOOKMARK events carrying only the resourceVersion when allowed', async () => {
    const w = await watchRaw(pathFor('w-bookmark'), {
      allowWatchBookmarks: true,
      resourceVersion: h.server.resourceVersion(),
    });
    const bookmark = await waitFor(() => w.events.find((e) => e.type === 'BOOKMARK'), 2000);
    expect(bookmark.object).toEqual({
      kind: 'Widget',
      apiVersion: `${group}/${version}`,
      metadata: { resourceVersion: h.server.resourceVersion() },
    });
    w.controller.abort();
  });

  it('answers a watch from before the compacted horizon with ERROR 410 Expired and closes the stream', async () => {
    const old = await create('w-gone', 'a');
    await create('w-gone', 'b');
    h.server.compact();
    const w = await watchRaw(pathFor('w-gone'), { resourceVersion: old.metadata.resourceVersion });
    await waitFor(() => w.ended() !== 'open');
    expect(w.events).toHaveLength(1);
    expect(w.events[0]?.type).toBe('ERROR');
    expect(w.events[0]?.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
  });

  it('follows label selectors: an object that stops matching is seen as DELETED', async () => {
    await create('w-select', 'a', { tier: 'gold' });
    const w = await watchRaw(pathFor('w-select'), { labelSelector: 'tier=gold' });
    await waitFor(() => w.events.length >= 1);
    await create('w-select', 'b', { tier: 'silver' });
    await h.custom.patchNamespacedCustomObject({
      group,
      version,
      namespace: 'w-select',
      plural,
      name: 'a',
      body: [{ op: 'replace', path: '/metadata/labels/tier', value: 'silver' }],
    });
    await waitFor(() => w.events.length >= 2);
    expect(w.events.map((e) => `${e.type}:${e.object.metadata?.name}`)).toEqual([
      'ADDED:a',
      'DELETED:a',
    ]);
    w.controller.abort();
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const w = await watchRaw(pathFor('w-timeout'), { timeoutSeconds: 1 });
    await waitFor(() => w.ended() !== 'open', 3000);
    expect(w.ended()).toBeNull();
  });

  it('stallWatches holds events and bookmarks, then delivers them', async () => {
    const w = await watchRaw(pathFor('w-stall'), {
      allowWatchBookmarks: true,
      resourceVersion: h.server.resourceVersion(),
    });
    const from = h.server.resourceVersion();
    h.server.stallWatches(600);
    await create('w-stall', 'a');
    // A watch opened after the stall began is its own connection: served at once.
    const fresh = await watchRaw(pathFor('w-stall'), { resourceVersion: from });
    await waitFor(() => fresh.names('ADDED').includes('a'), 300);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.events).toEqual([]);
    await waitFor(() => w.names('ADDED').includes('a'), 2000);
    w.controller.abort();
    fresh.controller.abort();
  });

  it('dropWatches closes streams abruptly: the client sees an error, not a clean end', async () => {
    const w = await watchRaw(pathFor('w-drop'), {});
    await waitFor(() => h.server.openWatches > 0);
    expect(h.server.dropWatches()).toBeGreaterThan(0);
    await waitFor(() => w.ended() !== 'open');
    expect(w.ended()).toBeInstanceOf(Error);
  });

  it('serves the deprecated /watch/ path prefix too', async () => {
    await create('w-legacy', 'a');
    const w = await watchRaw(`/apis/${group}/${version}/watch/namespaces/w-legacy/${plural}`, {});
    await waitFor(() => w.events.length >= 1);
    expect(w.names('ADDED')).toEqual(['a']);
    w.controller.abort();
  });
});

describe('informer (makeInformer / ListWatch)', () => {
  function startInformer(ns: string, gate: { open: Promise<void> }) {
    const informer = makeInformer<KubernetesObject>(h.kc, pathFor(ns), () =>
      h.custom.listNamespacedCustomObject({ group, version, namespace: ns, plural }),
    );
    const names = new Set<string>();
    informer.on('add', (o) => names.add(o.metadata?.name ?? ''));
    informer.on('delete', (o) => names.delete(o.metadata?.name ?? ''));
    // What an operator does on a watch error: wait, then start again from the last resourceVersion.
    informer.on('error', () => {
      void gate.open.then(() => informer.start());
    });
    return { informer, names };
  }

  it('reconnects after dropped watches and catches up from its resourceVersion', async () => {
    const ns = 'inf-drop';
    await create(ns, 'a');
    const { informer, names } = startInformer(ns, { open: Promise.resolve() });
    await informer.start();
    await waitFor(() => names.has('a'));
    await waitFor(() => h.server.openWatches > 0);
    h.server.dropWatches();
    await create(ns, 'b');
    await waitFor(() => names.has('b'), 5000);
    await informer.stop();
  });

  it('re-lists after 410 Gone: changes made while it was away, deletions included, reach the cache', async () => {
    const ns = 'inf-relist';
    await create(ns, 'a');
    await create(ns, 'b');
    let release = (): void => {};
    const open = new Promise<void>((r) => {
      release = r;
    });
    const { informer, names } = startInformer(ns, { open });
    await informer.start();
    await waitFor(() => names.has('a') && names.has('b'));
    await waitFor(() => h.server.openWatches > 0);
    const listsBefore = h.server.requests.filter(
      (r) => r.verb === 'list' && r.namespace === ns,
    ).length;
    h.server.dropWatches();
    await create(ns, 'c');
    await h.custom.deleteNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural,
      name: 'a',
    });
    h.server.compact();
    release();
    await waitFor(() => names.has('c') && !names.has('a'), 5000);
    const relists =
      h.server.requests.filter((r) => r.verb === 'list' && r.namespace === ns).length - listsBefore;
    expect(relists).toBe(1);
    expect([...names].sort()).toEqual(['b', 'c']);
    await informer.stop();
  });
});
