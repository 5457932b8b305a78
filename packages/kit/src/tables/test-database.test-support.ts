// Test support only: a scratch PostgreSQL (or PGlite) database holding the kit's tables, created
// from the same drizzle definitions services migrate with, so tests cannot drift from them.
import { PGlite } from '@electric-sql/pglite';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Database } from '../db/index.ts';
import { createTestDatabase } from '../testing/index.ts';
import * as tables from './index.ts';

export interface KitTestDatabase {
  db: Database;
  url: string;
  /** Another pool on the same database, e.g. for a second relay "process". */
  openPool(applicationName: string): { db: Database; pool: pg.Pool };
  close(): Promise<void>;
}

export async function kitTableStatements(): Promise<string[]> {
  return generateMigration(
    generateDrizzleJson({}),
    generateDrizzleJson(tables as Record<string, unknown>),
  );
}

/** A fresh PostgreSQL database with the kit's tables plus `extraDdl` (the test's business tables). */
export async function openKitTestDatabase(extraDdl: string[] = []): Promise<KitTestDatabase> {
  const database = await createTestDatabase('marquee_kit');
  const pools: pg.Pool[] = [];
  const openPool = (applicationName: string) => {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 5,
      application_name: applicationName,
    });
    pool.on('error', () => undefined);
    // A session killed while checked out (a test does that on purpose) emits 'error' on its client.
    pool.on('connect', (client) => client.on('error', () => undefined));
    pools.push(pool);
    return { db: drizzlePg(pool) as Database, pool };
  };
  const { db } = openPool('kit-test');
  for (const statement of [...(await kitTableStatements()), ...extraDdl])
    await db.execute(sql.raw(statement));
  return {
    db,
    url: database.url,
    openPool,
    async close() {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    },
  };
}

/** The same, embedded: PGlite in memory. */
export async function openKitTestPglite(
  extraDdl: string[] = [],
): Promise<{ db: Database; close(): Promise<void> }> {
  const client = await PGlite.create('memory://');
  const db = drizzlePglite(client) as Database;
  for (const statement of [...(await kitTableStatements()), ...extraDdl])
    await db.execute(sql.raw(statement));
  return { db, close: () => client.close() };
}

/** Rows of a raw query, on either driver (both answer with `{ rows }`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
