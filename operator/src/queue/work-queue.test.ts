// The work queue's promises: de-duplication, one worker per key, delayed and rate-limited adds,
// shutting down, and what it reports.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createExponentialFailureRateLimiter } from './rate-limiter.ts';
import { createWorkQueue, type QueueObserver } from './work-queue.ts';

function recordingObserver() {
  const seen = { depth: [] as number[], added: 0, retried: 0, waited: 0, worked: 0 };
  const observer: QueueObserver = {
    depth: (n) => void seen.depth.push(n),
    added: () => void seen.added++,
    retried: () => void seen.retried++,
    waited: () => void seen.waited++,
    worked: () => void seen.worked++,
  };
  return { seen, observer };
}

describe('work queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands out each key once however often it was added', async () => {
    const queue = createWorkQueue();
    queue.add('ns/a');
    queue.add('ns/b');
    queue.add('ns/a');
    expect(queue.len()).toBe(2);
    expect(await queue.get()).toBe('ns/a');
    expect(await queue.get()).toBe('ns/b');
    expect(queue.len()).toBe(0);
  });

  it('never gives a key to two workers; one re-added while held comes back after done', async () => {
    const queue = createWorkQueue();
    queue.add('ns/a');
    const key = await queue.get();
    queue.add('ns/a');
    queue.add('ns/a');
    expect(queue.len()).toBe(0);
    let second: string | undefined;
    void queue.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    queue.done(key as string);
    await Promise.resolve();
    expect(second).toBe('ns/a');
    expect(queue.len()).toBe(0);
  });

  it('wakes a waiting worker when a key arrives', async () => {
    const queue = createWorkQueue();
    const got = queue.get();
    queue.add('ns/a');
    expect(await got).toBe('ns/a');
  });

  it('adds a key after a delay, keeping the earliest of several delays', async () => {
    const queue = createWorkQueue();
    queue.addAfter('ns/a', 1000);
    queue.addAfter('ns/a', 300);
    queue.addAfter('ns/a', 5000);
    expect(queue.len()).toBe(0);
    vi.advanceTimersByTime(299);
    expect(queue.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(queue.len()).toBe(1);
    expect(await queue.get()).toBe('ns/a');
    // The later delays were dropped with the earlier one firing.
    queue.done('ns/a');
    vi.advanceTimersByTime(10_000);
    expect(queue.len()).toBe(0);
  });

  it('backs off a failing key exponentially and starts again once forgotten', () => {
    const queue = createWorkQueue({ rateLimiter: createExponentialFailureRateLimiter(10, 1000) });
    queue.addRateLimited('ns/a');
    vi.advanceTimersByTime(9);
    expect(queue.len()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(queue.len()).toBe(1);
    expect(queue.numRequeues('ns/a')).toBe(1);
    queue.addRateLimited('ns/b');
    queue.addRateLimited('ns/b');
    expect(queue.numRequeues('ns/b')).toBe(2);
    queue.forget('ns/b');
    expect(queue.numRequeues('ns/b')).toBe(0);
  });

  it('stops handing out keys on shutdown, drops delayed ones and waits for the held ones', async () => {
    const queue = createWorkQueue();
    queue.add('ns/a');
    queue.add('ns/b');
    const held = (await queue.get()) as string;
    queue.addAfter('ns/c', 100);
    const waiting = createWorkQueue();
    const pending = waiting.get();
    waiting.shutDown();
    expect(await pending).toBeUndefined();
    queue.shutDown();
    expect(await queue.get()).toBeUndefined();
    queue.add('ns/d');
    vi.advanceTimersByTime(1000);
    let drained = false;
    void queue.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    queue.done(held);
    await Promise.resolve();
    expect(drained).toBe(true);
  });

  it('lets a worker stop waiting through its signal without losing a key', async () => {
    const queue = createWorkQueue();
    const abort = new AbortController();
    const got = queue.get(abort.signal);
    abort.abort();
    expect(await got).toBeUndefined();
    queue.add('ns/a');
    expect(await queue.get()).toBe('ns/a');
  });

  it('reports depth, adds, retries, waits and work', async () => {
    const { seen, observer } = recordingObserver();
    const queue = createWorkQueue({
      observer,
      rateLimiter: createExponentialFailureRateLimiter(10, 1000),
    });
    queue.add('ns/a');
    queue.add('ns/a');
    queue.add('ns/b');
    const key = (await queue.get()) as string;
    queue.done(key);
    queue.addRateLimited('ns/a');
    vi.advanceTimersByTime(10);
    expect(seen.added).toBe(3);
    expect(seen.retried).toBe(1);
    expect(seen.waited).toBe(1);
    expect(seen.worked).toBe(1);
    expect(seen.depth.at(-1)).toBe(queue.len());
    expect(queue.len()).toBe(2);
  });
});
