// Reads and writes of the refresh_tokens table, including the one-winner rotation of a token.
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '@marquee/kit/db';
import { refreshTokens, type RefreshTokenRow } from './schema.ts';

export interface NewRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface RefreshTokensRepository {
  insert(token: NewRefreshToken): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /**
   * Marks `spentId` used and stores `next` in its place, atomically. The conditional UPDATE
   * (still unused, not revoked, not expired) lets exactly one of two concurrent rotations of the
   * same token win; the loser gets false and nothing is written.
   */
  rotate(spentId: string, now: Date, next: NewRefreshToken): Promise<boolean>;
  /** Revokes every live token of the family; returns how many were revoked. */
  revokeFamily(familyId: string, now: Date): Promise<number>;
  /** Deletes tokens that expired before `before` (housekeeping; they can no longer be used). */
  deleteExpired(before: Date): Promise<number>;
}

export function createRefreshTokensRepository(db: Database): RefreshTokensRepository {
  return {
    async insert(token) {
      await db.insert(refreshTokens).values(token);
    },
    async findByHash(tokenHash) {
      const [row] = await db
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, tokenHash));
      return row;
    },
    rotate(spentId, now, next) {
      return db.transaction(async (tx) => {
        const spent = await tx
          .update(refreshTokens)
          .set({ usedAt: now, replacedBy: next.id })
          .where(
            and(
              eq(refreshTokens.id, spentId),
              isNull(refreshTokens.usedAt),
              isNull(refreshTokens.revokedAt),
              gt(refreshTokens.expiresAt, now),
            ),
          )
          .returning({ id: refreshTokens.id });
        if (spent.length === 0) return false;
        await tx.insert(refreshTokens).values(next);
        return true;
      });
    },
    async revokeFamily(familyId, now) {
      const revoked = await db
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
        .returning({ id: refreshTokens.id });
      return revoked.length;
    },
    async deleteExpired(before) {
      const deleted = await db
        .delete(refreshTokens)
        .where(lt(refreshTokens.expiresAt, before))
        .returning({ id: refreshTokens.id });
      return deleted.length;
    },
  };
}
