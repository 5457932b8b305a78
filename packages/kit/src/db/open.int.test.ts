// openDatabase on real PostgreSQL and on embedded PGlite: same migrations, same behaviour.
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { isUniqueViolation } from './errors.ts';
import { createPgliteTemplate, openDatabase, queryRows, type DatabaseHandle } from './open.ts';

const migrationsFolder = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));
const logger = createLogger({ service: 'test', level: 'silent' });

async function exerciseWidgets(handle: DatabaseHandle) {
  await handle.db.execute(sql`INSERT INTO widgets (name) VALUES ('one')`);
  const dup = await handle.db
    .execute(sql`INSERT INTO widgets (name) VALUES ('one')`)
    .catch((e: unknown) => e);
  expect(isUniqueViolation(dup)).toBe(true);
  expect(await queryRows(handle.db, sql`SELECT count(*)::int AS n FROM widgets`)).toEqual([
    { n: 1 },
  ]);
}

describe('openDatabase on PostgreSQL', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb.drop());

  it('lets replicas that start together migrate once, under the advisory lock', async () => {
    const handles = await Promise.all(
      Array.from({ length: 4 }, () => openDatabase({ url: testDb.url, migrationsFolder, logger })),
    );
    const first = handles[0]!;
    const applied = await queryRows(
      first.db,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    expect(applied).toEqual([{ n: 1 }]);
    await exerciseWidgets(first);
    await first.ping();
    await Promise.all(handles.map((h) => h.close()));
  });
});

describe('openDatabase embedded (PGlite)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marquee-pglite-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('applies the same migrations and keeps data across a restart', async () => {
    const dataDir = join(dir, 'db');
    const first = await openDatabase({ dataDir, migrationsFolder, logger });
    expect(first.kind).toBe('pglite');
    expect(await queryRows(first.db, sql`SHOW shared_buffers`)).toEqual([
      { shared_buffers: '32MB' },
    ]);
    await exerciseWidgets(first);
    await first.close();
    const again = await openDatabase({ dataDir, migrationsFolder, logger });
    expect(await queryRows(again.db, sql`SELECT name FROM widgets`)).toEqual([{ name: 'one' }]);
    await again.close();
  });

  it('starts fresh databases from a template with the same result', async () => {
    const template = createPgliteTemplate();
    const handles = await Promise.all(
      ['t1', 't2'].map((d) =>
        openDatabase({ dataDir: join(dir, d), migrationsFolder, logger, pgliteTemplate: template }),
      ),
    );
    for (const handle of handles) {
      await exerciseWidgets(handle);
      await handle.close();
    }
  });
});
