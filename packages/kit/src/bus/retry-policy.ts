// How often and how late a failed delivery is tried again before it is parked.

export interface RetryPolicy {
  /** Deliveries in total, the first included; after the last failure the message is parked. */
  maxAttempts: number;
  /** Wait before the second delivery. */
  initialDelayMs: number;
  /** Each further wait is this many times the previous one. */
  factor: number;
  maxDelayMs: number;
}

/**
 * Waits of 1 s, 4 s, 16 s, 64 s, 256 s, then 5 min twice: about 16 minutes before a message is
 * parked, so an outage of a service a handler calls (payments for a refund) is ridden out without
 * a person replaying anything.
 */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 1_000,
  factor: 4,
  maxDelayMs: 5 * 60_000,
};

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError('retry.maxAttempts must be a positive integer');
  }
  if (policy.initialDelayMs < 0 || policy.maxDelayMs < policy.initialDelayMs || policy.factor < 1) {
    throw new RangeError(
      'retry delays must satisfy 0 <= initialDelayMs <= maxDelayMs, factor >= 1',
    );
  }
  return policy;
}

/**
 * The wait after delivery `attempt` failed, or `undefined` when that was the last one.
 * No jitter: each distinct delay is a delay queue on RabbitMQ, so the set must stay small.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const delay = policy.initialDelayMs * policy.factor ** (attempt - 1);
  return Math.round(Math.min(delay, policy.maxDelayMs));
}

/** Every delay the policy can produce, in order; RabbitMQ declares one delay queue for each. */
export function retryDelays(policy: RetryPolicy): number[] {
  const delays = new Set<number>();
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) {
    delays.add(retryDelayMs(policy, attempt) as number);
  }
  return [...delays];
}
