// Logs cache failures without flooding: an outage of Redis would otherwise log once per request.
import type { Logger } from '../logging/index.ts';

export interface FailureLog {
  failed(operation: string, err: unknown): void;
  recovered(): void;
}

export function createFailureLog(logger: Logger, intervalMs = 10_000): FailureLog {
  let lastLogged = 0;
  let suppressed = 0;
  let failing = false;
  return {
    failed(operation, err) {
      failing = true;
      const now = Date.now();
      if (now - lastLogged < intervalMs) {
        suppressed++;
        return;
      }
      logger.warn({ err, operation, suppressed }, 'cache unavailable; serving without it');
      lastLogged = now;
      suppressed = 0;
    },
    recovered() {
      if (!failing) return;
      failing = false;
      lastLogged = 0;
      logger.info('cache available again');
    },
  };
}
