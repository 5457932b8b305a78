// The hold sweeper: tidies seats whose hold ran out back to 'available', marks those holds
// expired and announces the seats as released. Nothing waits for it to be correct (an expired
// hold already counts as free); it keeps rows and events honest. Safe with several replicas.
import type { Worker } from '@marquee/kit/runtime';
import { createHoldSeatsRepository } from '../db/hold-seats.repository.ts';
import { createHoldsRepository } from '../db/holds.repository.ts';
import { enqueueReleased, groupByHold, seatsCommitted } from './hold-events.ts';
import type { HoldsDeps } from './holds.service.ts';

export interface HoldSweeper extends Worker {
  /** Sweeps until no expired seat is left unlocked; returns how many seats it freed. */
  sweepOnce(): Promise<number>;
}

export interface HoldSweeperOptions {
  /** Seats per transaction: keeps each one short so requests wait little for its locks. */
  batchSize?: number;
}

export function createHoldSweeper(deps: HoldsDeps, options: HoldSweeperOptions = {}): HoldSweeper {
  const batchSize = options.batchSize ?? 200;
  const logger = deps.logger.child({ component: 'hold-sweeper' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  async function sweepBatch(): Promise<{ freed: number; showtimeIds: string[] }> {
    const now = deps.clock();
    return deps.db.transaction(async (tx) => {
      const freed = await createHoldSeatsRepository(tx).sweepExpiredSeats(now, batchSize);
      if (freed.length === 0) return { freed: 0, showtimeIds: [] };
      const released = groupByHold(freed);
      await createHoldsRepository(tx).markExpired(released.map((group) => group.holdId));
      for (const group of released) await enqueueReleased(tx, group, 'expired');
      return {
        freed: freed.length,
        showtimeIds: [...new Set(freed.map((seat) => seat.showtimeId))],
      };
    });
  }

  async function sweepOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const { freed, showtimeIds } = await sweepBatch();
      total += freed;
      if (freed > 0) seatsCommitted(deps, showtimeIds);
      if (freed < batchSize) return total;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepOnce()
        .then(
          (freed) => {
            if (freed > 0) logger.debug({ freed }, 'expired holds swept');
          },
          // The next round tries again; until then expired holds already count as free.
          (err: unknown) => logger.warn({ err }, 'hold sweep failed; will try again'),
        )
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, deps.config.SWEEP_INTERVAL_MS);
  }

  return {
    name: 'hold-sweeper',
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    sweepOnce,
  };
}
