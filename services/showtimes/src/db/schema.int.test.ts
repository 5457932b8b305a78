// The database's own guards, on PostgreSQL and on embedded PGlite: they hold even if code is wrong.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  isExclusionViolation,
  isUniqueViolation,
  openDatabase,
  type DatabaseHandle,
} from '@marquee/kit/db';
import { createLogger } from '@marquee/kit/logging';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
const logger = createLogger({ service: 'test', level: 'silent' });

async function insertShowtime(
  db: DatabaseHandle['db'],
  screenId: string,
  start: string,
  end: string,
) {
  const id = randomUUID();
  await db.execute(sql`
    INSERT INTO showtimes (id, movie_id, theater_id, screen_id, layout_version, time_zone, movie_title,
      runtime_minutes, starts_at, ends_at, price_table, sales_open_at, sales_close_at)
    VALUES (${id}, ${randomUUID()}, ${randomUUID()}, ${screenId}, 1, 'Europe/Lisbon', 'Test', 90,
      ${start}, ${end}, '{}'::jsonb, '2030-01-01T00:00:00Z', ${start})`);
  return id;
}

function describeGuards(
  kind: string,
  open: () => Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }>,
) {
  describe(`database guards (${kind})`, () => {
    let handle: DatabaseHandle;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ handle, cleanup } = await open());
    }, 120_000);
    afterAll(() => cleanup());

    it('refuses overlapping showtimes on one screen, but not once one is cancelled', async () => {
      const screen = randomUUID();
      const first = await insertShowtime(
        handle.db,
        screen,
        '2030-05-01T18:00:00Z',
        '2030-05-01T20:30:00Z',
      );
      const overlap = await insertShowtime(
        handle.db,
        screen,
        '2030-05-01T20:00:00Z',
        '2030-05-01T22:00:00Z',
      ).catch((e: unknown) => e);
      expect(isExclusionViolation(overlap)).toBe(true);
      await insertShowtime(handle.db, randomUUID(), '2030-05-01T20:00:00Z', '2030-05-01T22:00:00Z');
      await handle.db.execute(sql`UPDATE showtimes SET status = 'cancelled' WHERE id = ${first}`);
      await insertShowtime(handle.db, screen, '2030-05-01T20:00:00Z', '2030-05-01T22:00:00Z');
    });

    it('allows one live sale per seat, and a new one after the first is released', async () => {
      const showtime = await insertShowtime(
        handle.db,
        randomUUID(),
        '2030-06-01T18:00:00Z',
        '2030-06-01T20:00:00Z',
      );
      const sell = () =>
        handle.db
          .execute(sql`INSERT INTO seat_sales (showtime_id, label, hold_id, customer_id, sold_at)
          VALUES (${showtime}, 'A1', ${randomUUID()}, ${randomUUID()}, now())`);
      await sell();
      expect(isUniqueViolation(await sell().catch((e: unknown) => e))).toBe(true);
      await handle.db.execute(
        sql`UPDATE seat_sales SET released_at = now() WHERE showtime_id = ${showtime}`,
      );
      await sell();
    });

    it('refuses a held seat without an expiry or a holder', async () => {
      const showtime = await insertShowtime(
        handle.db,
        randomUUID(),
        '2030-07-01T18:00:00Z',
        '2030-07-01T20:00:00Z',
      );
      const bad = await handle.db
        .execute(
          sql`INSERT INTO seats (showtime_id, label, row_name, position, category, state, hold_id)
            VALUES (${showtime}, 'A1', 'A', 0, 'standard', 'held', ${randomUUID()})`,
        )
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(Error);
    });
  });
}

let testDb: TestDatabase;
describeGuards('postgres', async () => {
  testDb = await createTestDatabase('marquee_showtimes');
  const handle = await openDatabase({ url: testDb.url, migrationsFolder, logger });
  return { handle, cleanup: async () => (await handle.close(), await testDb.drop()) };
});
describeGuards('pglite', async () => {
  const handle = await openDatabase({ dataDir: 'memory://', migrationsFolder, logger });
  return { handle, cleanup: () => handle.close() };
});
