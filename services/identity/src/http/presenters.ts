// How domain objects are written in responses (dates as ISO strings, no secrets).
import type { Session } from '../domain/sessions.service.ts';
import type { User } from '../domain/user.ts';

export const presentUser = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});

export const presentSession = (session: Session) => ({
  user: presentUser(session.user),
  tokenType: 'Bearer' as const,
  accessToken: session.accessToken,
  expiresIn: session.expiresIn,
  accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
  refreshToken: session.refreshToken,
  refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString(),
});
