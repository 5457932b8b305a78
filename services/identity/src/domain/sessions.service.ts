// Sign-in sessions: login with a password, refresh-token rotation with reuse detection, logout.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@marquee/kit/logging';
import { AppError, unauthenticated } from '@marquee/kit/errors';
import type { RefreshTokensRepository } from '../db/refresh-tokens.repository.ts';
import type { UsersRepository } from '../db/users.repository.ts';
import type { AccessTokenIssuer } from './access-tokens.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PasswordHasher } from './passwords.ts';
import { generateRefreshToken, hashRefreshToken, looksLikeRefreshToken } from './refresh-token.ts';
import { normalizeEmail, type User } from './user.ts';

export interface Session {
  user: User;
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface SessionsService {
  login(credentials: { email: string; password: string; ip: string }): Promise<Session>;
  /** Opens a session for an account just created (sign-up logs the new user in). */
  start(user: User): Promise<Session>;
  refresh(refreshToken: string): Promise<Session>;
  /** Ends the session the token belongs to (its whole family); unknown tokens are ignored. */
  logout(refreshToken: string): Promise<void>;
}

export interface SessionsServiceDeps {
  users: UsersRepository;
  refreshTokens: RefreshTokensRepository;
  hasher: PasswordHasher;
  accessTokens: AccessTokenIssuer;
  throttle: LoginThrottle;
  refreshTokenTtlDays: number;
  clock: () => Date;
  logger: Logger;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// One message for every refusal, so a caller learns nothing about which check failed.
const badCredentials = () => new AppError('unauthenticated', 'The email or password is incorrect.');
const badRefreshToken = () => unauthenticated('The refresh token is not valid; sign in again.');

export function createSessionsService(deps: SessionsServiceDeps): SessionsService {
  const { users, refreshTokens, clock, logger } = deps;

  function newRefreshToken(userId: string, familyId: string, now: Date) {
    const token = generateRefreshToken();
    const row = {
      id: randomUUID(),
      userId,
      familyId,
      tokenHash: hashRefreshToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.refreshTokenTtlDays * DAY_MS),
    };
    return { token, row };
  }

  async function sessionFor(
    user: User,
    refresh: { token: string; row: { expiresAt: Date } },
  ): Promise<Session> {
    const access = await deps.accessTokens.issue(user);
    return {
      user,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      expiresIn: access.expiresIn,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.row.expiresAt,
    };
  }

  async function start(user: User): Promise<Session> {
    const refresh = newRefreshToken(user.id, randomUUID(), clock());
    await refreshTokens.insert(refresh.row);
    return sessionFor(user, refresh);
  }

  return {
    start,

    async login({ email: rawEmail, password, ip }) {
      const email = normalizeEmail(rawEmail);
      const attempt = { email, ip };
      await deps.throttle.assertAllowed(attempt);
      const found = await users.findByEmailWithCredentials(email);
      let ok = false;
      if (found) {
        ok = await deps.hasher.verify(found.passwordHash, password);
      } else {
        // Same work as a real check, so response time does not tell which emails have accounts.
        await deps.hasher.verifyNothing(password);
      }
      if (!found || !ok) {
        await deps.throttle.recordFailure(attempt);
        throw badCredentials();
      }
      await deps.throttle.recordSuccess(attempt);
      const { passwordHash: _hidden, ...user } = found;
      return start(user);
    },

    async refresh(refreshToken) {
      if (!looksLikeRefreshToken(refreshToken)) throw badRefreshToken();
      const spent = await refreshTokens.findByHash(hashRefreshToken(refreshToken));
      if (!spent || spent.revokedAt) throw badRefreshToken();
      const now = clock();
      if (spent.usedAt) {
        // A rotated token came back: either the client or a thief holds a copy. End the session
        // for both; the rightful owner signs in again.
        const revoked = await refreshTokens.revokeFamily(spent.familyId, now);
        logger.warn(
          { familyId: spent.familyId, userId: spent.userId, revoked },
          'refresh token reused; family revoked',
        );
        throw badRefreshToken();
      }
      if (spent.expiresAt <= now) throw badRefreshToken();
      const user = await users.findById(spent.userId);
      if (!user) throw badRefreshToken();

      const next = newRefreshToken(user.id, spent.familyId, now);
      if (!(await refreshTokens.rotate(spent.id, now, next.row))) {
        // Someone rotated this token between our read and our update: it was presented twice.
        const revoked = await refreshTokens.revokeFamily(spent.familyId, now);
        logger.warn(
          { familyId: spent.familyId, userId: spent.userId, revoked },
          'refresh token presented concurrently; family revoked',
        );
        throw badRefreshToken();
      }
      return sessionFor(user, next);
    },

    async logout(refreshToken) {
      if (!looksLikeRefreshToken(refreshToken)) return;
      const row = await refreshTokens.findByHash(hashRefreshToken(refreshToken));
      if (row) await refreshTokens.revokeFamily(row.familyId, clock());
    },
  };
}
