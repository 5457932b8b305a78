// The work queue between informers and workers, as client-go's: keys (`namespace/name`) are
// de-duplicated, a key is handed to one worker at a time (one added while it is being worked on
// comes back once that worker is done), delayed adds, and rate-limited retries.
import { createDefaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

/** What the queue reports; metrics.ts turns these into the workqueue_* series. */
export interface QueueObserver {
  depth(n: number): void;
  added(): void;
  retried(): void;
  /** Seconds a key waited in the queue before a worker took it. */
  waited(seconds: number): void;
  /** Seconds a worker held a key. */
  worked(seconds: number): void;
}

export interface WorkQueueOptions {
  rateLimiter?: RateLimiter;
  observer?: QueueObserver;
  now?: () => number;
}

export interface WorkQueue {
  add(key: string): void;
  /** Adds `key` after `delayMs`; of several pending delays for a key, the earliest wins. */
  addAfter(key: string, delayMs: number): void;
  /** Adds `key` after the rate limiter's delay (a retry). */
  addRateLimited(key: string): void;
  /** `key` succeeded: its backoff starts again from the bottom. */
  forget(key: string): void;
  numRequeues(key: string): number;
  /**
   * The next key, once one is ready; undefined when the queue shuts down or `signal` aborts.
   * The caller must call done(key) when it has finished with it.
   */
  get(signal?: AbortSignal): Promise<string | undefined>;
  done(key: string): void;
  /** Keys waiting (not the delayed ones, not those being worked on). */
  len(): number;
  /** Keys being worked on right now. */
  processing(): number;
  /** Stops handing out keys; delayed adds are dropped. */
  shutDown(): void;
  /** Resolves once no key is being worked on. */
  drained(): Promise<void>;
}

interface Waiter {
  resolve(key: string | undefined): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  const limiter = options.rateLimiter ?? createDefaultControllerRateLimiter();
  const observer = options.observer;
  const now = options.now ?? Date.now;
  const queue: string[] = [];
  let head = 0;
  // Keys that need work: queued, or re-added while being worked on.
  const dirty = new Set<string>();
  const active = new Set<string>();
  const addedAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  const waiters: Waiter[] = [];
  const drainWaiters: (() => void)[] = [];
  let shuttingDown = false;

  const length = () => queue.length - head;
  const reportDepth = () => observer?.depth(length());

  function take(): string | undefined {
    if (head >= queue.length) return undefined;
    const key = queue[head++] as string;
    // Compact now and then, so a long-running queue does not keep every key it ever held.
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    dirty.delete(key);
    active.add(key);
    const queuedAt = addedAt.get(key);
    addedAt.delete(key);
    if (queuedAt !== undefined) observer?.waited((now() - queuedAt) / 1000);
    startedAt.set(key, now());
    reportDepth();
    return key;
  }

  function handOut() {
    while (waiters.length > 0 && length() > 0) {
      const waiter = waiters.shift() as Waiter;
      if (waiter.signal && waiter.onAbort)
        waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(take());
    }
  }

  function add(key: string): void {
    if (shuttingDown || dirty.has(key)) return;
    observer?.added();
    dirty.add(key);
    if (!addedAt.has(key)) addedAt.set(key, now());
    // Being worked on: done() queues it again, so no two workers ever hold the same key.
    if (active.has(key)) return;
    queue.push(key);
    reportDepth();
    handOut();
  }

  function addAfter(key: string, delayMs: number): void {
    if (shuttingDown) return;
    if (delayMs <= 0) return add(key);
    const at = now() + delayMs;
    const pending = delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      delayed.delete(key);
      add(key);
    }, delayMs);
    delayed.set(key, { at, timer });
  }

  return {
    add,
    addAfter,
    addRateLimited(key) {
      if (shuttingDown) return;
      observer?.retried();
      addAfter(key, limiter.when(key));
    },
    forget: (key) => limiter.forget(key),
    numRequeues: (key) => limiter.numRequeues(key),
    get(signal) {
      if (shuttingDown || signal?.aborted) return Promise.resolve(undefined);
      const key = take();
      if (key !== undefined) return Promise.resolve(key);
      return new Promise((resolve) => {
        const waiter: Waiter = { resolve, signal };
        if (signal) {
          waiter.onAbort = () => {
            const index = waiters.indexOf(waiter);
            if (index >= 0) waiters.splice(index, 1);
            resolve(undefined);
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        waiters.push(waiter);
      });
    },
    done(key) {
      if (!active.delete(key)) return;
      const began = startedAt.get(key);
      startedAt.delete(key);
      if (began !== undefined) observer?.worked((now() - began) / 1000);
      if (dirty.has(key) && !shuttingDown) {
        queue.push(key);
        reportDepth();
        handOut();
      }
      if (active.size === 0) drainWaiters.splice(0).forEach((resolve) => resolve());
    },
    len: length,
    processing: () => active.size,
    shutDown() {
      shuttingDown = true;
      for (const { timer } of delayed.values()) clearTimeout(timer);
      delayed.clear();
      for (const waiter of waiters.splice(0)) {
        if (waiter.signal && waiter.onAbort)
          waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(undefined);
      }
    },
    drained() {
      if (active.size === 0) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
  };
}
