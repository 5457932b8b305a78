// The refresh-token store on real PostgreSQL: one winner per rotation, family revocation.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@marquee/kit/db';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { migrationsFolder, testLogger } from '../http/identity-app.test-support.ts';
import {
  createRefreshTokensRepository,
  type NewRefreshToken,
} from './refresh-tokens.repository.ts';
import { refreshTokens } from './schema.ts';
import { createUsersRepository } from './users.repository.ts';

let database: TestDatabase;
let handle: DatabaseHandle;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase('identity_repo');
  // Several connections, so concurrent rotations really run side by side.
  handle = await openDatabase({
    url: database.url,
    migrationsFolder,
    logger: testLogger,
    poolMax: 8,
  });
  const user = await createUsersRepository(handle.db).insert({
    email: 'repo@example.com',
    name: 'Repo',
    passwordHash: 'x',
    role: 'customer',
  });
  userId = user?.id ?? '';
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

const token = (familyId: string, overrides: Partial<NewRefreshToken> = {}): NewRefreshToken => ({
  id: randomUUID(),
  userId,
  familyId,
  tokenHash: randomUUID(),
  createdAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
  ...overrides,
});

describe('refresh tokens repository', () => {
  it('rotates a token once: of many concurrent rotations exactly one wins and one successor is stored', async () => {
    const repo = createRefreshTokensRepository(handle.db);
    const family = randomUUID();
    const first = token(family);
    await repo.insert(first);
    const contenders = Array.from({ length: 6 }, () => token(family));
    const outcomes = await Promise.all(
      contenders.map((next) => repo.rotate(first.id, new Date(), next)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const rows = await handle.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.familyId, family));
    expect(rows).toHaveLength(2);
    const winner = contenders[outcomes.indexOf(true)];
    expect(rows.find((r) => r.id === first.id)?.replacedBy).toBe(winner?.id);
  });

  it('does not rotate an expired or revoked token', async () => {
    const repo = createRefreshTokensRepository(handle.db);
    const expired = token(randomUUID(), { expiresAt: new Date(Date.now() - 1000) });
    await repo.insert(expired);
    expect(await repo.rotate(expired.id, new Date(), token(expired.familyId))).toBe(false);

    const revoked = token(randomUUID());
    await repo.insert(revoked);
    expect(await repo.revokeFamily(revoked.familyId, new Date())).toBe(1);
    expect(await repo.rotate(revoked.id, new Date(), token(revoked.familyId))).toBe(false);
  });

  it('revokes only the live tokens of one family', async () => {
    const repo = createRefreshTokensRepository(handle.db);
    const family = randomUUID();
    const other = token(randomUUID());
    await repo.insert(token(family));
    await repo.insert(token(family));
    await repo.insert(other);
    expect(await repo.revokeFamily(family, new Date())).toBe(2);
    expect(await repo.revokeFamily(family, new Date())).toBe(0);
    expect((await repo.findByHash(other.tokenHash))?.revokedAt).toBeNull();
  });

  it('deletes tokens that expired', async () => {
    const repo = createRefreshTokensRepository(handle.db);
    const old = token(randomUUID(), { expiresAt: new Date(Date.now() - 86_400_000) });
    const live = token(randomUUID());
    await repo.insert(old);
    await repo.insert(live);
    expect(await repo.deleteExpired(new Date(Date.now() - 3_600_000))).toBeGreaterThanOrEqual(1);
    expect(await repo.findByHash(old.tokenHash)).toBeUndefined();
    expect(await repo.findByHash(live.tokenHash)).toBeDefined();
  });
});
