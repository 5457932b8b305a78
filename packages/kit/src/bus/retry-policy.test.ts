// The backoff schedule, and the point at which a message stops being retried.
import { describe, expect, it } from 'vitest';
import { resolveRetryPolicy, retryDelayMs, retryDelays } from './retry-policy.ts';

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
