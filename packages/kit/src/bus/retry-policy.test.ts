// The backoff schedule, and the point at which a message stops being retried.
import { describe, expect, it } from 'vitest';
import {
  defaultRetryPolicy,
  resolveRetryPolicy,
  retryDelayMs,
  retryDelays,
} from './retry-policy.ts';

describe('defaultRetryPolicy', () => {
  it('rides out about a quarter of an hour before parking: 1 s, 4 s, 16 s, 64 s, 256 s, 5 min, 5 min', () => {
    expect(retryDelays(defaultRetryPolicy)).toEqual([
      1_000, 4_000, 16_000, 64_000, 256_000, 300_000,
    ]);
    const waits = Array.from({ length: 7 }, (_, i) => retryDelayMs(defaultRetryPolicy, i + 1)!);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(941_000);
    expect(retryDelayMs(defaultRetryPolicy, 8)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const policy = resolveRetryPolicy({
    maxAttempts: 5,
    initialDelayMs: 100,
    factor: 3,
    maxDelayMs: 1_000,
  });

  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(policy, attempt))).toEqual([
      100, 300, 900, 1_000,
    ]);
  });

  it('gives no delay after the last attempt: the message is parked', () => {
    expect(retryDelayMs(policy, 5)).toBeUndefined();
    expect(retryDelayMs(policy, 6)).toBeUndefined();
  });

  it('lists each distinct delay once, for the delay queues', () => {
    const capped = resolveRetryPolicy({
      maxAttempts: 6,
      initialDelayMs: 100,
      factor: 10,
      maxDelayMs: 1_000,
    });
    expect(retryDelays(capped)).toEqual([100, 1_000]);
  });

  it('never retries when one attempt is allowed', () => {
    expect(retryDelays(resolveRetryPolicy({ maxAttempts: 1 }))).toEqual([]);
  });
});

describe('resolveRetryPolicy', () => {
  it('rejects nonsense', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ factor: 0.5 })).toThrow(RangeError);
  });
});
