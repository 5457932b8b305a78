// What a failed reconcile means lives in the error's type (as kopf's TemporaryError and
// PermanentError): try again after a delay, or stop and say why in a condition until the spec
// changes. Anything else thrown is a bug and is retried with backoff like a temporary failure.
import type { Reason } from './reasons.ts';

/** Try again later: the cause may go away by itself (a service down, a timeout). */
export class TemporaryError extends Error {
  readonly reason: Reason;
  /** A delay the cause asked for (Retry-After); otherwise the queue's backoff decides. */
  readonly delayMs: number | undefined;
  constructor(
    reason: Reason,
    message: string,
    options: { delayMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'TemporaryError';
    this.reason = reason;
    this.delayMs = options.delayMs;
  }
}

/** Retrying the same spec cannot succeed: the condition says why until the spec changes. */
export class PermanentError extends Error {
  readonly reason: Reason;
  constructor(reason: Reason, message: string) {
    super(message);
    this.name = 'PermanentError';
    this.reason = reason;
  }
}

/** The Kubernetes API refused a write because our copy was stale (409): look again at once. */
export class StaleObjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleObjectError';
  }
}
