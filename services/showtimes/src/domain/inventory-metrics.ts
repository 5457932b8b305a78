// Prometheus gauges over the seat inventory, computed when scraped: the invariant check (every
// series must read 0; an alert fires on anything else) and the seats of upcoming showtimes by state.
import type { Database } from '@marquee/kit/db';
import type { Logger } from '@marquee/kit/logging';
import { Gauge, type Registry } from 'prom-client';
import {
  checkInventoryInvariants,
  countSeatsByState,
  INVARIANTS,
} from '../db/inventory-invariants.ts';

export interface InventoryMetricsDeps {
  db: Database;
  clock: () => Date;
  registry: Registry;
  logger: Logger;
}

export function registerInventoryMetrics(deps: InventoryMetricsDeps): void {
  const { db, clock, logger } = deps;

  new Gauge({
    name: 'seat_inventory_invariant_violations',
    help: 'Seats breaking an inventory invariant, by invariant, over showtimes not yet ended; must be 0',
    labelNames: ['invariant'] as const,
    registers: [deps.registry],
    async collect() {
      try {
        const violations = await checkInventoryInvariants(db, clock());
        for (const invariant of INVARIANTS) {
          const seats = violations
            .filter((v) => v.invariant === invariant)
            .reduce((sum, v) => sum + v.seats, 0);
          this.set({ invariant }, seats);
        }
        if (violations.length > 0) logger.error({ violations }, 'seat inventory invariant broken');
      } catch (err) {
        // A failed check must not read as "no violations": the series drop out of this scrape.
        this.reset();
        logger.warn({ err }, 'seat inventory invariant check failed');
      }
    },
  });

  new Gauge({
    name: 'showtime_seats',
    help: 'Seats of scheduled showtimes not yet ended, by state (a hold past its time is available)',
    labelNames: ['state'] as const,
    registers: [deps.registry],
    async collect() {
      try {
        const counts = await countSeatsByState(db, clock());
        for (const [state, seats] of Object.entries(counts)) this.set({ state }, seats);
      } catch (err) {
        this.reset();
        logger.warn({ err }, 'seat count for metrics failed');
      }
    },
  });
}
