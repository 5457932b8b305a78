// Loads the demo theaters, screens and movies into an empty catalog; does nothing otherwise.
import { layoutCapacity } from '@marquee/contracts/layouts';
import type { Database } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { assertValidLayout } from '../../domain/layout-rules.ts';
import { createMoviesRepository } from '../movies.repository.ts';
import { createScreensRepository } from '../screens.repository.ts';
import { createTheatersRepository } from '../theaters.repository.ts';
import { DEMO_MOVIES, posterUrlOf, trailerUrlOf } from './demo-movies.ts';
import { DEMO_THEATERS } from './demo-theaters.ts';

export interface SeedResult {
  /** False when the catalog already had theaters or movies and nothing was written. */
  seeded: boolean;
  theaters: number;
  screens: number;
  movies: number;
}

/** Any fixed number works; it only has to be the same for every process seeding this database. */
const SEED_LOCK_ID = 7_245_219_101;

const addDays = (day: Date, days: number) => {
  const copy = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  copy.setUTCDate(copy.getUTCDate() + days);
  return copy.toISOString().slice(0, 10);
};

/**
 * Idempotent: runs in one transaction under an advisory lock, and only when the catalog has no
 * theaters and no movies, so two replicas starting together (or a restart) never load it twice.
 */
export async function seedDemoCatalog(
  db: Database,
  options: { today?: Date } = {},
): Promise<SeedResult> {
  const today = options.today ?? new Date();
  for (const theater of DEMO_THEATERS)
    for (const screen of theater.screens) assertValidLayout(screen.layout);

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_ID})`);
    const theaters = createTheatersRepository(tx);
    const movies = createMoviesRepository(tx);
    const screens = createScreensRepository(tx);
    if ((await theaters.countAll()) > 0 || (await movies.countAll()) > 0) {
      return { seeded: false, theaters: 0, screens: 0, movies: 0 };
    }

    let screenCount = 0;
    for (const { screens: demoScreens, ...theater } of DEMO_THEATERS) {
      const { id } = await theaters.insert(theater);
      for (const screen of demoScreens) {
        await screens.insert({
          theaterId: id,
          name: screen.name,
          layout: screen.layout,
          seatCount: layoutCapacity(screen.layout).total,
        });
        screenCount += 1;
      }
    }
    for (const { cast, releaseInDays, ...movie } of DEMO_MOVIES) {
      await movies.insert({
        ...movie,
        castMembers: cast,
        releaseDate: addDays(today, releaseInDays),
        posterUrl: posterUrlOf(movie.title),
        trailerUrl: trailerUrlOf(movie.title),
      });
    }
    return {
      seeded: true,
      theaters: DEMO_THEATERS.length,
      screens: screenCount,
      movies: DEMO_MOVIES.length,
    };
  });
}
