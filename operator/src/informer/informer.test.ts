// The informer's recovery, against a scripted watch: resume from the last resourceVersion after a
// drop, re-list and diff after 410, restart a silent stream.
import type { Watch } from '@kubernetes/client-node';
import { createLogger } from '@marquee/kit/logging';
import { afterEach, describe, expect, it } from 'vitest';
import type { ObjectList } from '../kube/kube-api.ts';
import type { Meta } from './cache-diff.ts';
import { createInformer, type Informer } from './informer.ts';

type Obj = Meta & { metadata: { name: string; namespace: string; resourceVersion: string } };
const obj = (name: string, rv: string): Obj => ({
  metadata: { name, namespace: 'ns', resourceVersion: rv },
});

interface OpenWatch {
  rv: string;
  send(type: string, object: unknown): void;
  end(err?: unknown): void;
  aborted: boolean;
}

/** A Watch whose streams the test drives by hand. */
function scriptedWatch() {
  const opened: OpenWatch[] = [];
  const watch = {
    async watch(
      _path: string,
      params: Record<string, unknown>,
      callback: (t: string, o: unknown) => void,
      done: (e: unknown) => void,
    ) {
      const controller = new AbortController();
      const stream: OpenWatch = {
        rv: String(params.resourceVersion),
        send: (type, object) => callback(type, object),
        end: (err) => done(err ?? null),
        aborted: false,
      };
      controller.signal.addEventListener('abort', () => (stream.aborted = true));
      opened.push(stream);
      return controller;
    },
  } as unknown as Watch;
  return { watch, opened };
}

const logger = createLogger({ service: 'test', level: 'silent' });
const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out: ${what}`);
};

let running: Informer<Obj> | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function start(lists: ObjectList<Obj>[], stallMs = 10_000) {
  const { watch, opened } = scriptedWatch();
  const seen: string[] = [];
  const restarts: string[] = [];
  let listed = 0;
  const informer = createInformer<Obj>({
    resource: 'things',
    list: async () => lists[Math.min(listed++, lists.length - 1)] as ObjectList<Obj>,
    watch,
    watchPath: '/things',
    stallMs,
    logger,
    onRestart: (cause) => restarts.push(cause),
  });
  informer.addHandlers({
    add: (o) => seen.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}`),
    update: (p, o) =>
      seen.push(
        `update ${o.metadata.name}@${p.metadata.resourceVersion}->${o.metadata.resourceVersion}`,
      ),
    delete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  informer.start();
  running = informer;
  return { informer, opened, seen, restarts, lists: () => listed };
}

describe('informer', () => {
  it('lists, then watches from the list’s resourceVersion and applies events', async () => {
    const { informer, opened, seen } = start([
      { items: [obj('a', '1')], metadata: { resourceVersion: '5' } },
    ]);
    await until(() => opened.length === 1, 'watch');
    expect(informer.hasSynced()).toBe(true);
    expect(opened[0]!.rv).toBe('5');
    opened[0]!.send('ADDED', obj('b', '6'));
    opened[0]!.send('MODIFIED', obj('a', '7'));
    opened[0]!.send('DELETED', obj('b', '8'));
    expect(seen).toEqual(['add a@1', 'add b@6', 'update a@1->7', 'delete b']);
    expect(informer.list().map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('resumes from the last resourceVersion (a bookmark’s too) after a drop, without listing', async () => {
    const { opened, lists } = start([{ items: [], metadata: { resourceVersion: '5' } }]);
    await until(() => opened.length === 1, 'watch');
    opened[0]!.send('ADDED', obj('a', '6'));
    opened[0]!.send('BOOKMARK', { metadata: { resourceVersion: '9' } });
    opened[0]!.end(new Error('socket hang up'));
    await until(() => opened.length === 2, 'second watch');
    expect(opened[1]!.rv).toBe('9');
    expect(lists()).toBe(1);
  });

  it('lists again after 410 Gone and reports what changed in between', async () => {
    const { opened, seen, restarts, lists } = start([
      { items: [obj('a', '1'), obj('b', '2')], metadata: { resourceVersion: '5' } },
      { items: [obj('a', '11'), obj('c', '12')], metadata: { resourceVersion: '20' } },
    ]);
    await until(() => opened.length === 1, 'watch');
    opened[0]!.send('ERROR', { kind: 'Status', code: 410, reason: 'Expired' });
    await until(() => opened.length === 2, 'watch after re-list');
    expect(lists()).toBe(2);
    expect(opened[1]!.rv).toBe('20');
    expect(restarts).toEqual(['gone']);
    expect(seen.slice(2)).toEqual(['update a@1->11', 'add c@12', 'delete b']);
  });

  it('abandons a stream that stays silent past the stall limit and watches again', async () => {
    const { opened, restarts } = start([{ items: [], metadata: { resourceVersion: '5' } }], 150);
    await until(() => opened.length === 1, 'watch');
    opened[0]!.send('BOOKMARK', { metadata: { resourceVersion: '6' } });
    await until(() => opened.length === 2, 'restart after stall');
    expect(opened[0]!.aborted).toBe(true);
    expect(opened[1]!.rv).toBe('6');
    expect(restarts).toContain('stalled');
  });
});
