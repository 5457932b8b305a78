// Refresh-token rotation over HTTP against real PostgreSQL: single use, reuse detection, races, expiry.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from '../db/schema.ts';
import { hashRefreshToken } from '../domain/refresh-token.ts';
import { startTestIdentity, type TestIdentity } from './identity-app.test-support.ts';

let identity: TestIdentity;
beforeAll(async () => {
  identity = await startTestIdentity();
});
afterAll(() => identity.close());

interface SessionBody {
  user: { id: string };
  accessToken: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

const refresh = (refreshToken: string) => identity.post('/api/auth/refresh', { refreshToken });
const rowOf = async (token: string) => {
  const [row] = await identity.handle.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)));
  return row;
};

describe('POST /api/auth/refresh', () => {
  it('rotates: a new pair each time, the old token spent and linked to its successor', async () => {
    const account = await identity.register();
    const res = await refresh(account.refreshToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const next = (await res.json()) as SessionBody;
    expect(next.user.id).toBe(account.user.id);
    expect(next.refreshToken).not.toBe(account.refreshToken);
    expect((await identity.get('/api/auth/me', next.accessToken)).status).toBe(200);

    const spent = await rowOf(account.refreshToken);
    const successor = await rowOf(next.refreshToken);
    expect(spent?.usedAt).toBeInstanceOf(Date);
    expect(spent?.replacedBy).toBe(successor?.id);
    expect(successor).toMatchObject({ familyId: spent?.familyId, usedAt: null, revokedAt: null });
    expect(successor?.expiresAt.toISOString()).toBe(next.refreshTokenExpiresAt);
    // Only the hash is stored.
    const stored = await identity.handle.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, account.user.id));
    expect(JSON.stringify(stored)).not.toContain(next.refreshToken);

    const third = await refresh(next.refreshToken);
    expect(third.status).toBe(200);
  });

  it('revokes the whole family when a spent token comes back; the newest token stops working too', async () => {
    const account = await identity.register();
    const next = (await (await refresh(account.refreshToken)).json()) as SessionBody;

    const replay = await refresh(account.refreshToken);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { detail: string }).detail).toBe(
      'The refresh token is not valid; sign in again.',
    );

    expect((await refresh(next.refreshToken)).status).toBe(401);
    const family = await identity.handle.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.userId, account.user.id));
    expect(family.length).toBeGreaterThanOrEqual(2);
    expect(family.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it('lets exactly one of two concurrent refreshes with the same token succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const account = await identity.register();
      const results = await Promise.all([
        refresh(account.refreshToken),
        refresh(account.refreshToken),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401]);
      const rows = await identity.handle.db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.userId, account.user.id));
      // The original plus exactly one successor: the loser wrote nothing.
      expect(rows).toHaveLength(2);
      expect(rows.filter((row) => row.usedAt !== null)).toHaveLength(1);
    }
  });

  it('refuses an expired refresh token', async () => {
    const account = await identity.register();
    await identity.handle.db
      .update(refreshTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(account.refreshToken)));
    expect((await refresh(account.refreshToken)).status).toBe(401);
  });

  it('refuses unknown and malformed tokens, naming the field when the shape is wrong', async () => {
    expect((await refresh('B'.repeat(43))).status).toBe(401);
    expect((await refresh('not a token')).status).toBe(401);
    const missing = await identity.post('/api/auth/refresh', {});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe(
      'body.refreshToken',
    );
  });

  it('logout revokes every token of the family, leaving other sessions alone', async () => {
    const account = await identity.register();
    const other = (await (
      await identity.post('/api/auth/login', {
        email: account.user.email,
        password: account.password,
      })
    ).json()) as SessionBody;
    const next = (await (await refresh(account.refreshToken)).json()) as SessionBody;

    expect(
      (await identity.post('/api/auth/logout', { refreshToken: next.refreshToken })).status,
    ).toBe(204);
    expect((await refresh(next.refreshToken)).status).toBe(401);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });
});
