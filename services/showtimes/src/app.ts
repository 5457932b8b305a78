// The showtimes service's composition: schedule, seat map and holds routes over one database, the
// hold sweeper, and the inventory gauges. `runService` (service.ts) hosts what this returns.
import type { TokenVerifier } from '@marquee/kit/auth';
import type { Cache } from '@marquee/kit/cache';
import type { Database } from '@marquee/kit/db';
import { createRoutes, type Routes } from '@marquee/kit/http';
import type { Logger } from '@marquee/kit/logging';
import type { Worker } from '@marquee/kit/runtime';
import type { Registry } from 'prom-client';
import type { CatalogClient } from './catalog/catalog.client.ts';
import type { ShowtimesConfig } from './config.ts';
import { createHoldSweeper } from './domain/hold-sweeper.ts';
import type { HoldsConfig, HoldsDeps } from './domain/holds.service.ts';
import { registerInventoryMetrics } from './domain/inventory-metrics.ts';
import { createScheduleService, type ScheduleService } from './domain/schedule.service.ts';
import { createSeatMapService, type SeatMapService } from './domain/seat-map.service.ts';
import { createShowtimeReader } from './domain/showtime-reader.ts';
import { addHoldRoutes } from './http/holds.routes.ts';
import { addSeatMapRoutes } from './http/seat-map.routes.ts';
import { addShowtimeRoutes } from './http/showtimes.routes.ts';

export const SERVICE_NAME = 'showtimes';

export const SHOWTIMES_API_INFO = {
  title: 'Marquee showtimes',
  version: '1.0.0',
  description:
    'The schedule (showtimes with one inventory row per seat), seat maps with ETags, and holds ' +
    'that count only until they expire. Reads are public; scheduling needs an admin token ' +
    '(PUT also a service token); holds need a signed-in customer. See docs/showtimes.md and docs/holds.md.',
};

export type ShowtimesAppConfig = HoldsConfig &
  Pick<ShowtimesConfig, 'SEAT_MAP_CACHE_TTL_SECONDS' | 'TRAILER_MINUTES' | 'CLEANING_MINUTES'>;

export interface ShowtimesDeps {
  config: ShowtimesAppConfig;
  logger: Logger;
  db: Database;
  verifier: TokenVerifier;
  cache: Cache;
  catalog: CatalogClient;
  /** "Now" for every rule: tests move it; nothing reads the database's own clock. */
  clock: () => Date;
  /** Wakes the outbox relay after a commit that wrote events. */
  notifyOutbox: () => void;
  /** Where the inventory gauges are registered (the service's /metrics registry). */
  registry?: Registry;
  /** Also told after every commit that changed a showtime's seats (after the seat-map cache). */
  onSeatsChanged?: (showtimeId: string) => void;
}

export interface Showtimes {
  routes: Routes;
  workers: Worker[];
  schedule: ScheduleService;
  seatMaps: SeatMapService;
}

export function buildShowtimes(deps: ShowtimesDeps): Showtimes {
  const { config, db, clock, logger } = deps;
  const seatMaps = createSeatMapService({
    db,
    cache: deps.cache,
    clock,
    ttlSeconds: config.SEAT_MAP_CACHE_TTL_SECONDS,
    logger,
  });
  const onSeatsChanged = (showtimeId: string) => {
    seatMaps.onSeatsChanged(showtimeId);
    deps.onSeatsChanged?.(showtimeId);
  };
  const schedule = createScheduleService({
    db,
    catalog: deps.catalog,
    clock,
    timings: { trailerMinutes: config.TRAILER_MINUTES, cleaningMinutes: config.CLEANING_MINUTES },
    notifyOutbox: deps.notifyOutbox,
    onSeatsChanged,
  });
  const holdsDeps: HoldsDeps = {
    db,
    clock,
    config,
    logger,
    notifyOutbox: deps.notifyOutbox,
    onSeatsChanged,
    seatMap: (showtimeId) => seatMaps.snapshot(showtimeId),
  };

  const routes = createRoutes({ verifier: deps.verifier });
  addShowtimeRoutes(routes, { schedule, reader: createShowtimeReader({ db, clock }) });
  addSeatMapRoutes(routes, seatMaps);
  addHoldRoutes(routes, holdsDeps);
  if (deps.registry) registerInventoryMetrics({ db, clock, registry: deps.registry, logger });

  return { routes, workers: [createHoldSweeper(holdsDeps)], schedule, seatMaps };
}
