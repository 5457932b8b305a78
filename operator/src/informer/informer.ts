// A list-watch informer over the client library's Watch: a cache of one resource kept current
// by a watch that survives what watches go through. A dropped connection resumes from the last
// resourceVersion seen (events or bookmarks); a stream silent past the stall limit is abandoned
// and resumed the same way; 410 Gone (history compacted) means a fresh list, compared with the
// cache so the events missed in between still reach the handlers.
import type { Watch } from '@kubernetes/client-node';
import type { Logger } from '@marquee/kit/logging';
import type { ObjectList } from '../kube/kube-api.ts';
import { statusOf } from '../kube/kube-api.ts';
import { cacheKey, diffList, type Meta } from './cache-diff.ts';

export interface InformerHandlers<T> {
  add?(object: T): void;
  update?(previous: T, object: T): void;
  delete?(object: T): void;
}

export type WatchEnd = 'closed' | 'dropped' | 'stalled' | 'gone' | 'error' | 'stopped';

export interface InformerOptions<T> {
  /** The resource, for logs and metrics (`showtimes`). */
  resource: string;
  list(page: { limit: number; continue?: string }): Promise<ObjectList<T>>;
  watch: Watch;
  watchPath: string;
  stallMs: number;
  logger: Logger;
  /** How a watch ended, when it was not asked to (metrics). */
  onRestart?(cause: Exclude<WatchEnd, 'closed' | 'stopped'>): void;
  pageSize?: number;
  now?: () => number;
}

export interface Informer<T> {
  addHandlers(handlers: InformerHandlers<T>): void;
  start(): void;
  stop(): Promise<void>;
  get(namespace: string, name: string): T | undefined;
  list(): T[];
  /** True once the first list has filled the cache. */
  hasSynced(): boolean;
  /** Milliseconds since the API server was last heard from (a list, a watch opened, an event). */
  silentForMs(): number;
}

const MIN_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 30_000;

export function createInformer<T extends Meta>(options: InformerOptions<T>): Informer<T> {
  const { logger, resource } = options;
  const now = options.now ?? Date.now;
  const handlers: InformerHandlers<T>[] = [];
  let cache = new Map<string, T>();
  let resourceVersion = '';
  let synced = false;
  let stopped = true;
  let lastHeard = now();
  let running: Promise<void> | undefined;
  let stopCurrent: (() => void) | undefined;
  let wake: (() => void) | undefined;

  const emit = {
    add: (o: T) => handlers.forEach((h) => h.add?.(o)),
    update: (p: T, o: T) => handlers.forEach((h) => h.update?.(p, o)),
    delete: (o: T) => handlers.forEach((h) => h.delete?.(o)),
  };

  async function relist(): Promise<void> {
    const items: T[] = [];
    let page: ObjectList<T> | undefined;
    do {
      page = await options.list({
        limit: options.pageSize ?? 500,
        continue: page?.metadata.continue,
      });
      items.push(...page.items);
    } while (page.metadata.continue && !stopped);
    const { cache: next, changes } = diffList(cache, items);
    cache = next;
    resourceVersion = page.metadata.resourceVersion;
    lastHeard = now();
    synced = true;
    for (const change of changes) {
      if (change.type === 'add') emit.add(change.object);
      else if (change.type === 'update') emit.update(change.previous, change.object);
      else emit.delete(change.object);
    }
  }

  function apply(type: string, object: T & { code?: number }): WatchEnd | undefined {
    if (type === 'ERROR') return object.code === 410 ? 'gone' : 'error';
    const rv = object.metadata?.resourceVersion;
    if (rv) resourceVersion = rv;
    if (type === 'BOOKMARK') return undefined;
    const key = cacheKey(object);
    const previous = cache.get(key);
    if (type === 'DELETED') {
      cache.delete(key);
      emit.delete(previous ?? object);
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      cache.set(key, object);
      if (previous) emit.update(previous, object);
      else emit.add(object);
    }
    return undefined;
  }

  /** One watch from `resourceVersion`, until it ends one way or another. */
  function watchOnce(): Promise<{ end: WatchEnd; events: number }> {
    return new Promise((resolve) => {
      let settled = false;
      let events = 0;
      let abort: AbortController | undefined;
      let lastLine = now();
      const finish = (end: WatchEnd) => {
        if (settled) return;
        settled = true;
        clearInterval(stallTimer);
        stopCurrent = undefined;
        abort?.abort();
        resolve({ end, events });
      };
      const stallTimer = setInterval(
        () => {
          if (now() - lastLine > options.stallMs) finish('stalled');
        },
        Math.max(50, Math.min(1000, options.stallMs / 4)),
      );
      stopCurrent = () => finish('stopped');
      // Ends well before the stall limit on a healthy server (plus jitter, as client-go), so a
      // quiet collection is not mistaken for a stalled one.
      const timeoutSeconds = Math.floor(300 + Math.random() * 300);
      options.watch
        .watch(
          options.watchPath,
          { resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
          (type, object) => {
            if (settled) return;
            lastLine = now();
            lastHeard = lastLine;
            events += 1;
            const end = apply(type, object as T & { code?: number });
            if (end) finish(end);
          },
          (err) => {
            if (!err) return finish('closed');
            finish(statusOf(err) === 410 ? 'gone' : 'dropped');
          },
        )
        .then(
          (controller) => {
            abort = controller;
            if (settled) controller.abort();
            // Connected (an answer that failed has settled already): the server is there.
            else lastHeard = now();
          },
          () => finish('error'),
        );
    });
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function run(): Promise<void> {
    let needList = true;
    let failures = 0;
    while (!stopped) {
      let delay = 0;
      try {
        if (needList) {
          await relist();
          needList = false;
          if (stopped) break;
        }
        const startedAt = now();
        const { end, events } = await watchOnce();
        if (end === 'stopped') break;
        if (end === 'gone') needList = true;
        if (end !== 'closed') options.onRestart?.(end);
        if (end !== 'closed' || events > 0) {
          logger.info({ resource, end, events, resourceVersion }, 'watch ended; resuming');
        }
        // A watch that ends at once without news is failing, not finishing: back off.
        const healthy = end === 'gone' || events > 0 || now() - startedAt > 5_000;
        failures = healthy ? 0 : failures + 1;
        if (!healthy) delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
      } catch (err) {
        failures += 1;
        needList = true;
        delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (failures - 1));
        logger.warn({ resource, err, retryInMs: delay }, 'list failed; retrying');
      }
      if (delay > 0 && !stopped) await sleep(delay);
    }
  }

  return {
    addHandlers: (h) => void handlers.push(h),
    start() {
      if (!stopped) return;
      stopped = false;
      running = run();
    },
    async stop() {
      stopped = true;
      stopCurrent?.();
      wake?.();
      await running;
    },
    get: (namespace, name) => cache.get(`${namespace}/${name}`),
    list: () => [...cache.values()],
    hasSynced: () => synced,
    silentForMs: () => now() - lastHeard,
  };
}
