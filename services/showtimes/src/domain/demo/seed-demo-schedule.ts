// Loads the demo schedule on a first start: reads theaters, screens and movies from the catalog over
// HTTP, plans two weeks of showtimes, and writes them with their seats in a few set-based statements.
import { randomUUID } from 'node:crypto';
import { listLayoutSeats } from '@marquee/contracts/layouts';
import type { Database } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import type { CatalogClient, CatalogScreen } from '../../catalog/catalog.client.ts';
import { createSeatInventoryRepository } from '../../db/seat-inventory.repository.ts';
import {
  createShowtimesRepository,
  type NewShowtimeRecord,
} from '../../db/showtimes.repository.ts';
import { enqueueShowtimeEvents } from '../../messaging/showtime-events.ts';
import type { ScheduleTimings } from '../showtime-rules.ts';
import { planDemoSchedule } from './demo-schedule.ts';

export interface SeedScheduleResult {
  /** False when showtimes already existed (or the catalog had nothing to show) and nothing was written. */
  seeded: boolean;
  showtimes: number;
  seats: number;
}

export interface SeedScheduleDeps {
  db: Database;
  catalog: CatalogClient;
  clock: () => Date;
  timings: ScheduleTimings;
}

/** Any fixed number works; it only has to be the same for every process seeding this database. */
const SEED_LOCK_ID = 7_245_219_201;
/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 500;

const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK),
  );

async function readCatalog(catalog: CatalogClient) {
  const [theaters, movies] = await Promise.all([catalog.listTheaters(), catalog.listMovies()]);
  const screens = new Map<string, CatalogScreen>();
  const demoTheaters = [];
  for (const theater of theaters) {
    const summaries = await catalog.listScreens(theater.id);
    const details = await Promise.all(summaries.map((s) => catalog.getScreen(theater.id, s.id)));
    const found = details.filter((screen): screen is CatalogScreen => screen !== undefined);
    for (const screen of found) screens.set(screen.id, screen);
    demoTheaters.push({ id: theater.id, timeZone: theater.timezone, screens: found });
  }
  return { theaters: demoTheaters, movies, screens };
}

const nothing: SeedScheduleResult = { seeded: false, showtimes: 0, seats: 0 };

/**
 * Idempotent: writes only when there are no showtimes at all, in one transaction under an
 * advisory lock, so a restart or two replicas starting together never load it twice.
 */
export async function seedDemoSchedule(
  deps: SeedScheduleDeps,
  options: { days?: number } = {},
): Promise<SeedScheduleResult> {
  if ((await createShowtimesRepository(deps.db).countAll()) > 0) return nothing;
  const { theaters, movies, screens } = await readCatalog(deps.catalog);
  const now = deps.clock();
  const planned = planDemoSchedule({
    theaters,
    movies,
    now,
    days: options.days ?? 14,
    timings: deps.timings,
  });
  if (planned.length === 0) return nothing;
  const titles = new Map(movies.map((m) => [m.id, m]));
  const zones = new Map(theaters.map((t) => [t.id, t.timeZone]));
  const rows: NewShowtimeRecord[] = planned.map((show) => {
    const movie = titles.get(show.movieId)!;
    const screen = screens.get(show.screenId)!;
    return {
      ...show,
      id: randomUUID(),
      movieTitle: movie.title,
      runtimeMinutes: movie.runtimeMinutes,
      timeZone: zones.get(show.theaterId)!,
      layoutVersion: screen.layoutVersion,
      salesOpenAt: now,
      salesCloseAt: show.startsAt,
      createdAt: now,
      updatedAt: now,
    };
  });

  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    const showtimes = createShowtimesRepository(tx);
    if ((await showtimes.countAll()) > 0) return nothing;
    for (const chunk of chunks(rows)) await showtimes.insertMany(chunk);
    const inventory = createSeatInventoryRepository(tx);
    let seatCount = 0;
    const capacity = new Map<string, number>();
    for (const screen of screens.values()) {
      const ids = rows.filter((row) => row.screenId === screen.id).map((row) => row.id);
      const seats = listLayoutSeats(screen.layout);
      // One statement per screen: every showtime on it shares the same layout.
      await inventory.provision(ids, seats);
      seatCount += ids.length * seats.length;
      capacity.set(screen.id, seats.length);
    }
    const events = rows.map((row) => ({
      showtimeId: row.id,
      movieId: row.movieId,
      theaterId: row.theaterId,
      screenId: row.screenId,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      capacity: capacity.get(row.screenId)!,
    }));
    for (const chunk of chunks(events)) {
      await enqueueShowtimeEvents(tx, 'showtime.scheduled.v1', chunk, now);
    }
    return { seeded: true, showtimes: rows.length, seats: seatCount };
  });
}
