// Watch streams: newline-delimited JSON events from a resourceVersion, bookmarks, 410 after compaction.
import type { ServerResponse } from 'node:http';
import type { Selector } from './selectors.ts';
import { expired } from './status.ts';
import type { ObjectStore, StoredEvent } from './store.ts';
import { apiVersionOf, type KubeObject, type ResourceType } from './types.ts';

export interface WatchRequest {
  rt: ResourceType;
  namespace: string | undefined;
  selector: Selector;
  /** null or "0": synthetic ADDED events for the current state first. */
  resourceVersion: number | null;
  bookmarks: boolean;
  timeoutSeconds: number | undefined;
}

export interface WatchHubOptions {
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
}

interface Watcher {
  request: WatchRequest;
  res: ServerResponse;
  timers: NodeJS.Timeout[];
}

type WatchLine = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject };

export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly store: ObjectStore;
  private readonly options: WatchHubOptions;
  private stalledUntil = 0;
  /** The streams a stall silences: those open when it began (a stalled connection is its own). */
  private readonly stalledWatchers = new Set<Watcher>();
  /** Lines held back while streams are stalled, delivered in order once the stall ends. */
  private readonly held = new Map<Watcher, string[]>();
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(store: ObjectStore, options: WatchHubOptions) {
    this.store = store;
    this.options = options;
    store.subscribe((event) => {
      for (const watcher of this.watchers) {
        const line = this.translate(watcher.request, event);
        if (line) this.send(watcher, line);
      }
    });
  }

  get openCount(): number {
    return this.watchers.size;
  }

  open(request: WatchRequest, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
    });
    res.flushHeaders();
    const watcher: Watcher = { request, res, timers: [] };
    let initial: WatchLine[];
    if (request.resourceVersion === null || request.resourceVersion === 0) {
      initial = this.store
        .list(request.rt.storage, request.namespace)
        .filter((o) => request.selector(o))
        .map((object) => ({ type: 'ADDED', object }));
    } else {
      const events = this.store.eventsSince(request.rt.storage, request.resourceVersion);
      if (!events) {
        const gone = expired(
          `too old resource version: ${request.resourceVersion} (${this.store.horizon})`,
        );
        res.end(JSON.stringify({ type: 'ERROR', object: gone.toStatus() }) + '\n');
        return;
      }
      initial = events
        .map((e) => this.translate(request, e))
        .filter((l): l is WatchLine => l !== undefined);
    }
    this.watchers.add(watcher);
    for (const line of initial) this.send(watcher, line);
    const timeout = request.timeoutSeconds ?? this.options.defaultTimeoutSeconds;
    watcher.timers.push(setTimeout(() => res.end(), timeout * 1000));
    if (request.bookmarks) {
      watcher.timers.push(
        setInterval(() => this.bookmark(watcher), this.options.bookmarkIntervalMs),
      );
    }
    const forget = (): void => {
      this.watchers.delete(watcher);
      this.held.delete(watcher);
      this.stalledWatchers.delete(watcher);
      for (const t of watcher.timers) clearTimeout(t);
    };
    // The response's close means the stream ended or the connection went; the request's may come earlier.
    res.on('close', forget);
  }

  /** Closes every stream abruptly (socket destroyed mid-response), as a dropped connection. */
  drop(): number {
    const count = this.watchers.size;
    for (const watcher of [...this.watchers]) {
      this.watchers.delete(watcher);
      watcher.res.socket?.destroy();
    }
    return count;
  }

  /**
   * Keeps the streams open now open but silent (no events, no bookmarks) for ms; held events
   * follow after. Watches opened later are not affected, as a stalled connection affects only
   * itself: a client that gives up on a silent stream and watches again is served at once.
   */
  stall(ms: number): void {
    for (const watcher of this.watchers) this.stalledWatchers.add(watcher);
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + ms);
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => this.release(), this.stalledUntil - Date.now());
  }

  closeAll(): void {
    clearTimeout(this.stallTimer);
    for (const watcher of [...this.watchers]) watcher.res.end();
    this.watchers.clear();
  }

  private release(): void {
    this.stalledUntil = 0;
    this.stalledWatchers.clear();
    for (const [watcher, lines] of this.held) {
      if (!watcher.res.writableEnded) watcher.res.write(lines.join(''));
    }
    this.held.clear();
  }

  private stalled(watcher: Watcher): boolean {
    return this.stalledWatchers.has(watcher) && Date.now() < this.stalledUntil;
  }

  private send(watcher: Watcher, line: WatchLine): void {
    const object = { ...line.object, apiVersion: apiVersionOf(watcher.request.rt) };
    const text = JSON.stringify({ type: line.type, object }) + '\n';
    if (this.stalled(watcher)) {
      const held = this.held.get(watcher) ?? [];
      held.push(text);
      this.held.set(watcher, held);
      return;
    }
    if (!watcher.res.writableEnded) watcher.res.write(text);
  }

  private bookmark(watcher: Watcher): void {
    if (this.stalled(watcher) || watcher.res.writableEnded) return;
    const { rt } = watcher.request;
    const object = {
      kind: rt.kind,
      apiVersion: apiVersionOf(rt),
      metadata: { resourceVersion: String(this.store.resourceVersion) },
    };
    watcher.res.write(JSON.stringify({ type: 'BOOKMARK', object }) + '\n');
  }

  /** What one stored change looks like to one watch, including selector entry and exit. */
  private translate(request: WatchRequest, event: StoredEvent): WatchLine | undefined {
    if (event.storage !== request.rt.storage) return undefined;
    const visible = (o: KubeObject | undefined): boolean =>
      o !== undefined &&
      (request.namespace === undefined || o.metadata.namespace === request.namespace) &&
      request.selector(o);
    const before = visible(event.previous);
    if (event.type === 'DELETED')
      return before ? { type: 'DELETED', object: event.object } : undefined;
    const now = visible(event.object);
    if (now && before) return { type: 'MODIFIED', object: event.object };
    if (now) return { type: 'ADDED', object: event.object };
    if (before) return { type: 'DELETED', object: event.object };
    return undefined;
  }
}
