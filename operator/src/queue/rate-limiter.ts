// How long a key waits before its next try: per-key exponential backoff on failures and an
// overall token bucket, as client-go's DefaultControllerRateLimiter combines them.

export interface RateLimiter {
  /** Milliseconds to wait before `key` may be tried again; counts as one more failure of it. */
  when(key: string): number;
  /** The key succeeded: its failures are forgotten. */
  forget(key: string): void;
  /** Failures counted for `key` since it last succeeded. */
  numRequeues(key: string): number;
}

/** baseMs × 2^failures, capped at maxMs (client-go: 5 ms .. 1000 s). */
export function createExponentialFailureRateLimiter(baseMs = 5, maxMs = 1_000_000): RateLimiter {
  const failures = new Map<string, number>();
  return {
    when(key) {
      const count = failures.get(key) ?? 0;
      failures.set(key, count + 1);
      // 2^count overflows to Infinity long after it passes maxMs, so Math.min is enough.
      return Math.min(baseMs * 2 ** count, maxMs);
    },
    forget: (key) => void failures.delete(key),
    numRequeues: (key) => failures.get(key) ?? 0,
  };
}

/**
 * A token bucket over every key together (client-go: 10 per second, bursts of 100): when a whole
 * fleet fails at once, say the showtimes service is down, retries are spread out instead of
 * arriving together. Each call reserves a token, possibly one in the future.
 */
export function createBucketRateLimiter(
  perSecond = 10,
  burst = 100,
  now: () => number = Date.now,
): RateLimiter {
  let tokens = burst;
  let last = now();
  return {
    when() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond);
      last = at;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / perSecond) * 1000);
    },
    forget: () => {},
    numRequeues: () => 0,
  };
}

/** The longest wait any of `limiters` asks for. */
export function createMaxOfRateLimiter(...limiters: RateLimiter[]): RateLimiter {
  return {
    when: (key) => Math.max(0, ...limiters.map((l) => l.when(key))),
    forget: (key) => limiters.forEach((l) => l.forget(key)),
    numRequeues: (key) => Math.max(0, ...limiters.map((l) => l.numRequeues(key))),
  };
}

export function createDefaultControllerRateLimiter(now: () => number = Date.now): RateLimiter {
  return createMaxOfRateLimiter(
    createExponentialFailureRateLimiter(5, 1_000_000),
    createBucketRateLimiter(10, 100, now),
  );
}
