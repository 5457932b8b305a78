// Backoff per key and the overall bucket, as client-go's default controller rate limiter.
import { describe, expect, it } from 'vitest';
import {
  createBucketRateLimiter,
  createDefaultControllerRateLimiter,
  createExponentialFailureRateLimiter,
} from './rate-limiter.ts';

describe('exponential failure rate limiter', () => {
  it('doubles per failure of a key, from the base to the cap', () => {
    const limiter = createExponentialFailureRateLimiter(5, 1000);
    const delays = Array.from({ length: 10 }, () => limiter.when('ns/a'));
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    expect(limiter.numRequeues('ns/a')).toBe(10);
  });

  it('keeps keys apart and starts again once a key is forgotten', () => {
    const limiter = createExponentialFailureRateLimiter(5, 1000);
    limiter.when('ns/a');
    limiter.when('ns/a');
    expect(limiter.when('ns/b')).toBe(5);
    limiter.forget('ns/a');
    expect(limiter.numRequeues('ns/a')).toBe(0);
    expect(limiter.when('ns/a')).toBe(5);
  });

  it('stays at the cap however many failures there were', () => {
    const limiter = createExponentialFailureRateLimiter(5, 1_000_000);
    for (let i = 0; i < 2000; i++) limiter.when('ns/a');
    expect(limiter.when('ns/a')).toBe(1_000_000);
  });
});

describe('bucket rate limiter', () => {
  it('lets a burst through, then spaces tokens at the rate', () => {
    let t = 0;
    const limiter = createBucketRateLimiter(10, 3, () => t);
    expect([limiter.when('a'), limiter.when('b'), limiter.when('c')]).toEqual([0, 0, 0]);
    expect(limiter.when('d')).toBe(100);
    expect(limiter.when('e')).toBe(200);
    t = 1000;
    // A second later the bucket has refilled by ten tokens, minus the two reserved ahead.
    expect(limiter.when('f')).toBe(0);
  });
});

describe('default controller rate limiter', () => {
  it('takes the longer of the key backoff and the bucket', () => {
    const t = 0;
    const limiter = createDefaultControllerRateLimiter(() => t);
    expect(limiter.when('ns/a')).toBe(5);
    expect(limiter.when('ns/a')).toBe(10);
    // Past the burst of 100, the bucket's delay wins for a fresh key.
    for (let i = 0; i < 100; i++) limiter.when(`ns/k${i}`);
    expect(limiter.when('ns/fresh')).toBeGreaterThanOrEqual(100);
  });
});
