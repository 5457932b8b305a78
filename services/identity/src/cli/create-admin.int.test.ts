// The create-admin command against real PostgreSQL and against an embedded data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@marquee/kit/db';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { outbox, users } from '../db/schema.ts';
import { createPasswordHasher } from '../domain/passwords.ts';
import { migrationsFolder, testLogger } from '../http/identity-app.test-support.ts';
import { createAdmin } from './create-admin.ts';

describe('create-admin on PostgreSQL', () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase('identity_cli');
    handle = await openDatabase({ url: database.url, migrationsFolder, logger: testLogger });
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });
  const env = () => ({ DATABASE_URL: database.url });
  const rowOf = async (email: string) =>
    (await handle.db.select().from(users).where(eq(users.email, email)))[0];

  it('creates an admin with an argon2id password and announces it', async () => {
    const result = await createAdmin(
      ['--email', 'Root@Example.com', '--password', 'root pass 2024', '--name', 'Root'],
      env(),
    );
    expect(result).toEqual({ email: 'root@example.com', created: true });
    const row = await rowOf('root@example.com');
    expect(row).toMatchObject({ role: 'admin', name: 'Root' });
    expect(await createPasswordHasher().verify(row?.passwordHash ?? '', 'root pass 2024')).toBe(
      true,
    );
    expect(
      await handle.db
        .select()
        .from(outbox)
        .where(eq(outbox.id, row?.id ?? '')),
    ).toHaveLength(1);
  });

  it('promotes an existing account and resets its password', async () => {
    await handle.db
      .insert(users)
      .values({ email: 'staff@example.com', name: 'S', passwordHash: 'old', role: 'staff' });
    const result = await createAdmin(['--email', 'staff@example.com'], {
      ...env(),
      ADMIN_PASSWORD: 'fresh pass 2024',
    });
    expect(result).toEqual({ email: 'staff@example.com', created: false });
    const row = await rowOf('staff@example.com');
    expect(row?.role).toBe('admin');
    expect(await createPasswordHasher().verify(row?.passwordHash ?? '', 'fresh pass 2024')).toBe(
      true,
    );
  });

  it('refuses a weak password and a missing email, writing nothing', async () => {
    await expect(
      createAdmin(['--email', 'weak@example.com', '--password', 'short'], env()),
    ).rejects.toThrow('password must be at least 10 characters long');
    await expect(createAdmin(['--password', 'root pass 2024'], env())).rejects.toThrow('--email');
    await expect(createAdmin(['--email', 'x@example.com', '--bogus'], env())).rejects.toThrow(
      "Unknown option '--bogus'",
    );
    expect(await rowOf('weak@example.com')).toBeUndefined();
  });
});

describe('create-admin on the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'identity-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('writes to DATA_DIR/identity/pgdata, where the service reads it', async () => {
    const result = await createAdmin(
      ['--email', 'local@example.com', '--password', 'local pass 2024'],
      {
        DATA_DIR: dataDir,
      },
    );
    expect(result.created).toBe(true);
    const handle = await openDatabase({
      dataDir: join(dataDir, 'identity', 'pgdata'),
      migrationsFolder,
      logger: testLogger,
    });
    try {
      const [row] = await handle.db
        .select()
        .from(users)
        .where(eq(users.email, 'local@example.com'));
      expect(row?.role).toBe('admin');
    } finally {
      await handle.close();
    }
  });
});
