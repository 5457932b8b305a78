// The cache contract: an accelerator that may forget anything at any time, and never fails a caller.

/**
 * Values are stored as JSON (Dates come back as strings). Every method resolves even when the
 * backing store is down: reads miss, writes are dropped. Never keep anything here that is not
 * also somewhere durable.
 */
export interface Cache {
  /** The value, or undefined when absent, expired, or the store is unreachable. */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` (JSON) for `ttlSeconds`, or until evicted; `undefined` deletes the key. */
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /**
   * Adds one and returns the new count; a new counter starts at 0 and expires after `ttlSeconds`
   * (later increments keep that expiry). Undefined when the store is unreachable.
   */
  incr(key: string, ttlSeconds?: number): Promise<number | undefined>;
  /** Rejects while the store is unreachable (for health reporting; callers need not check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
