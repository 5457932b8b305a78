// Seeding the demo catalog on real PostgreSQL and on embedded PGlite: once, and only when empty.
import { openDatabase, type DatabaseHandle } from '@marquee/kit/db';
import { createLogger } from '@marquee/kit/logging';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMoviesService } from '../../domain/movies.service.ts';
import { createScreensService } from '../../domain/screens.service.ts';
import { createTheatersService } from '../../domain/theaters.service.ts';
import { migrationsFolder } from '../../http/catalog.test-support.ts';
import { movies, screenLayouts, screens, theaters } from '../schema.ts';
import { DEMO_MOVIES } from './demo-movies.ts';
import { seedDemoCatalog } from './seed-demo-catalog.ts';

const logger = createLogger({ service: 'catalog-test', level: 'silent' });
const today = new Date('2031-05-20T22:30:00Z');

const tableCounts = async ({ db }: DatabaseHandle) => ({
  theaters: await db.$count(theaters),
  screens: await db.$count(screens),
  layouts: await db.$count(screenLayouts),
  movies: await db.$count(movies),
});

describe('seedDemoCatalog on PostgreSQL', () => {
  let testDb: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    testDb = await createTestDatabase('marquee_catalog_seed');
    handle = await openDatabase({ url: testDb.url, migrationsFolder, logger });
  });
  afterAll(async () => {
    await handle?.close();
    await testDb?.drop();
  });

  it('loads the demo once, even when two processes start together', async () => {
    const [first, second] = await Promise.all([
      seedDemoCatalog(handle.db, { today }),
      seedDemoCatalog(handle.db, { today }),
    ]);
    expect([first.seeded, second.seeded].sort()).toEqual([false, true]);
    expect(first.seeded ? first : second).toEqual({
      seeded: true,
      theaters: 3,
      screens: 9,
      movies: 20,
    });
    expect(await tableCounts(handle)).toEqual({ theaters: 3, screens: 9, layouts: 9, movies: 20 });

    expect(await seedDemoCatalog(handle.db, { today })).toMatchObject({ seeded: false });
    expect(await tableCounts(handle)).toEqual({ theaters: 3, screens: 9, layouts: 9, movies: 20 });
  });

  it('is searchable and readable through the services', async () => {
    const movieService = createMoviesService({ db: handle.db });
    const found = await movieService.search({ q: 'lanterns', limit: 5, offset: 0 });
    expect(found.items[0]?.title).toBe('The Lanterns of Vey');
    expect(found.items.map((m) => m.title)).toContain('Moths Over Marrowby');
    expect(
      (await movieService.search({ q: 'Okonkwo', limit: 5, offset: 0 })).items.map((m) => m.title),
    ).toEqual(['The Lanterns of Vey']);
    // Relative to the load day: 2031-05-20 + 6 days.
    const comets = (await movieService.search({ q: 'Paper Comets', limit: 1, offset: 0 })).items[0];
    expect(comets).toMatchObject({
      releaseDate: '2031-05-26',
      posterUrl: '/posters/paper-comets.svg',
    });
    const releasedByLoadDay = await movieService.search({
      date: '2031-05-20',
      limit: 100,
      offset: 0,
    });
    expect(releasedByLoadDay.total).toBe(DEMO_MOVIES.filter((m) => m.releaseInDays <= 0).length);
    expect(releasedByLoadDay.total).toBeLessThan(20);

    const lisbon = await createTheatersService({ db: handle.db }).list({
      city: 'lisbon',
      limit: 10,
      offset: 0,
    });
    expect(lisbon.items.map((t) => t.name)).toEqual(['Cine Miradouro']);
    const screenList = await createScreensService({ db: handle.db }).list(
      lisbon.items[0]?.id ?? '',
    );
    expect(screenList.map((s) => [s.name, s.seatCount])).toEqual([
      ['Estúdio', 60],
      ['Sala 1', 360],
      ['Sala 2', 192],
    ]);
  });
});

describe('seedDemoCatalog on embedded PGlite', () => {
  it('loads the demo into an empty database and leaves a loaded one alone', async () => {
    const handle = await openDatabase({ dataDir: 'memory://', migrationsFolder, logger });
    try {
      expect(await seedDemoCatalog(handle.db, { today })).toEqual({
        seeded: true,
        theaters: 3,
        screens: 9,
        movies: 20,
      });
      expect(await seedDemoCatalog(handle.db, { today })).toMatchObject({ seeded: false });
      expect(await tableCounts(handle)).toEqual({
        theaters: 3,
        screens: 9,
        layouts: 9,
        movies: 20,
      });
      const found = await createMoviesService({ db: handle.db }).search({
        q: 'ferry',
        limit: 5,
        offset: 0,
      });
      expect(found.items.map((m) => m.title)).toContain('The Last Ferry to Caldmere');
    } finally {
      await handle.close();
    }
  });
});
