// Loading the demo schedule from a catalog over HTTP into real PostgreSQL: showtimes with every
// seat provisioned and announced, once only.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogClient } from '../../catalog/catalog.client.ts';
import {
  gridLayout,
  startFakeCatalog,
  type FakeCatalog,
} from '../../catalog/fake-catalog.test-support.ts';
import { checkInventoryInvariants } from '../../db/inventory-invariants.ts';
import {
  createTestClock,
  startTestShowtimes,
  type TestShowtimes,
} from '../../http/showtimes.test-support.ts';
import { seedDemoSchedule } from './seed-demo-schedule.ts';

let catalog: FakeCatalog;
let t: TestShowtimes;
const clock = createTestClock('2030-03-01T09:00:00Z');
/** Seats per screen id, as laid out below. */
const capacity = new Map<string, number>();

const rows = async (query: ReturnType<typeof sql>) =>
  ((await t.db.execute(query)) as unknown as { rows: Record<string, number>[] }).rows;

beforeAll(async () => {
  catalog = await startFakeCatalog();
  const lisbon = catalog.addTheater({ timezone: 'Europe/Lisbon' });
  const melbourne = catalog.addTheater({ city: 'Melbourne', timezone: 'Australia/Melbourne' });
  for (const [theaterId, rowCount, perRow] of [
    [lisbon.id, 5, 8],
    [melbourne.id, 3, 6],
    [melbourne.id, 2, 4],
  ] as const) {
    capacity.set(catalog.addScreen(theaterId, gridLayout(rowCount, perRow)).id, rowCount * perRow);
  }
  catalog.addMovie({ title: 'Paper Comets', runtimeMinutes: 88, releaseDate: '2030-01-01' });
  catalog.addMovie({ title: 'The Tidal Archive', runtimeMinutes: 141, releaseDate: '2030-02-20' });
  catalog.addMovie({ title: 'Not Yet', runtimeMinutes: 100, releaseDate: '2030-06-01' });
  t = await startTestShowtimes({ catalog, clock, seedDemoData: true });
});
afterAll(async () => {
  await t.close();
  await catalog.close();
});

describe('seedDemoSchedule', () => {
  it('loads two weeks of showtimes with their seats on first start, and announces each', async () => {
    const [counted] = await rows(sql`
      SELECT count(*)::int AS showtimes,
             count(DISTINCT (starts_at AT TIME ZONE time_zone)::date)::int AS days,
             (SELECT count(*)::int FROM seats) AS seats,
             (SELECT count(*)::int FROM outbox WHERE type = 'showtime.scheduled.v1') AS events
      FROM showtimes`);
    expect(counted!.showtimes).toBeGreaterThan(3 * 14 * 3);
    expect(counted!.days).toBeGreaterThanOrEqual(14);
    expect(counted!.events).toBe(counted!.showtimes);
    const perScreen = await rows(
      sql`SELECT screen_id, count(*)::int AS n FROM showtimes GROUP BY 1`,
    );
    const expectedSeats = perScreen.reduce(
      (sum, r) => sum + r.n! * capacity.get(r.screen_id as unknown as string)!,
      0,
    );
    expect(counted!.seats).toBe(expectedSeats);
    expect(await checkInventoryInvariants(t.db, clock.now())).toEqual([]);

    const listed = await t.call('GET', '/api/showtimes?limit=5');
    expect(listed.body.total).toBe(counted!.showtimes);
    expect(listed.body.items[0].counts.available).toBeGreaterThan(0);
    const titles = await rows(sql`SELECT DISTINCT movie_title FROM showtimes ORDER BY 1`);
    expect(titles.map((r) => r.movie_title)).toEqual(['Paper Comets', 'The Tidal Archive']);
  });

  it('loads nothing when showtimes exist', async () => {
    const again = await seedDemoSchedule({
      db: t.db,
      catalog: createCatalogClient({ baseUrl: catalog.url }),
      clock: clock.now,
      timings: { trailerMinutes: 20, cleaningMinutes: 15 },
    });
    expect(again).toEqual({ seeded: false, showtimes: 0, seats: 0 });
  });
});
