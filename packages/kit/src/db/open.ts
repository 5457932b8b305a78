// Opens a service's database: PostgreSQL through a pg pool when a URL is given, embedded PGlite
// under the data folder otherwise; both behind the same drizzle API, migrated before use.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Logger } from '../logging/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Database = PgDatabase<PgQueryResultHKT, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Transaction = PgTransaction<PgQueryResultHKT, any, any>;
/** Either the database or a transaction on it: repositories accept both. */
export type Queryable = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the database is embedded PGlite. */
  url?: string;
  /** Folder of the embedded database; 'memory://' keeps it in memory. */
  dataDir?: string;
  migrationsFolder: string;
  logger: Logger;
  poolMax?: number;
  /**
   * An initialised, empty PGlite data directory (from `createPgliteTemplate`) to start fresh
   * embedded databases from: loading it is several times faster than running initdb again, which
   * matters when one launcher creates a database per service on first start.
   */
  pgliteTemplate?: () => Promise<Blob>;
}

/**
 * For `pgliteTemplate`: runs initdb once, in memory, the first time it is asked (and only then,
 * so restarts over existing databases pay nothing), and keeps the result as a tarball.
 */
export function createPgliteTemplate(): () => Promise<Blob> {
  let template: Promise<Blob> | undefined;
  return () =>
    (template ??= (async () => {
      const pglite = await PGlite.create('memory://');
      try {
        return await pglite.dumpDataDir('none');
      } finally {
        await pglite.close();
      }
    })());
}

/** One lock id for "migrations are running"; every replica of every service takes the same one. */
const MIGRATION_LOCK_ID = 7_245_219_001;

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  // Session-level advisory locks belong to one connection: migrate on a dedicated client that
  // holds the lock, so replicas starting together wait for each other instead of racing.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: options.migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10 });
  pool.on('error', (err) => options.logger.warn({ err }, 'idle PostgreSQL connection failed'));
  // pg-pool only listens on idle clients; a connection that dies while checked out (a transaction
  // waiting on something else) would otherwise throw an uncaught 'error' and end the process.
  pool.on('connect', (client) => {
    client.on('error', (err) => options.logger.warn({ err }, 'PostgreSQL connection failed'));
  });
  const db = drizzlePg(pool);
  options.logger.info({ database: new URL(url).pathname.slice(1) }, 'database ready (postgres)');
  return {
    db,
    kind: 'postgres',
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

/**
 * One process holds every service's embedded database, so each gets modest buffers: the default
 * 128 MB of shared_buffers per instance made the platform's resident memory grow by ~115 MB a
 * service for no gain at demo sizes.
 */
const EMBEDDED_POSTGRES_SETTINGS = ['shared_buffers=32MB', 'work_mem=4MB'];

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir ?? 'memory://';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const fresh = inMemory || !existsSync(join(dataDir, 'PG_VERSION'));
  const client = await PGlite.create(dataDir, {
    postgresqlconf: EMBEDDED_POSTGRES_SETTINGS,
    // Extensions migrations may create; PostgreSQL ships them as contrib, PGlite as bundles.
    extensions: { btree_gist },
    ...(fresh && options.pgliteTemplate ? { loadDataDir: await options.pgliteTemplate() } : {}),
  });
  const db = drizzlePglite(client);
  await migratePglite(db, { migrationsFolder: options.migrationsFolder });
  options.logger.info({ dataDir }, 'database ready (pglite)');
  return {
    db,
    kind: 'pglite',
    async ping() {
      await db.execute(sql`SELECT 1`);
    },
    close: () => client.close(),
  };
}

/** Runs raw SQL and returns its rows: pg and PGlite both answer with `{ rows }`. */
export async function queryRows<T = Record<string, unknown>>(
  db: Queryable,
  query: SQL,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
