// Housekeeping: deletes refresh tokens long past their expiry so the table does not grow forever.
import type { Logger } from '@marquee/kit/logging';
import type { RefreshTokensRepository } from './refresh-tokens.repository.ts';

/**
 * Expired tokens are kept a week before deletion: while a spent token is still on file, presenting
 * it revokes its family; after that it is simply unknown (and refused all the same).
 */
const RETENTION_AFTER_EXPIRY_MS = 7 * 24 * 60 * 60 * 1000;

export interface Sweeper {
  name: string;
  start(): void;
  stop(): Promise<void>;
  /** One pass; returns how many tokens were deleted. */
  sweep(): Promise<number>;
}

export function createExpiredTokenSweeper(deps: {
  refreshTokens: RefreshTokensRepository;
  logger: Logger;
  intervalMs?: number;
  clock?: () => Date;
}): Sweeper {
  const clock = deps.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const sweep = async () => {
    const deleted = await deps.refreshTokens.deleteExpired(
      new Date(clock().getTime() - RETENTION_AFTER_EXPIRY_MS),
    );
    if (deleted > 0) deps.logger.info({ deleted }, 'expired refresh tokens deleted');
    return deleted;
  };

  return {
    name: 'expired-refresh-token-sweeper',
    sweep,
    start() {
      timer = setInterval(
        () => {
          // A failed pass is retried at the next interval; nothing depends on it having run.
          running = sweep().catch((err: unknown) =>
            deps.logger.warn({ err }, 'refresh token sweep failed'),
          );
        },
        deps.intervalMs ?? 60 * 60 * 1000,
      );
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
