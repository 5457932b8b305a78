// /api/auth: sign-up, sign-in, token refresh, sign-out and "who am I".
import type { Response } from 'express';
import { forbidden, unauthenticated } from '@marquee/kit/errors';
import type { Routes } from '@marquee/kit/http';
import type { SessionsService } from '../domain/sessions.service.ts';
import type { UsersService } from '../domain/users.service.ts';
import { presentSession, presentUser } from './presenters.ts';
import {
  loginBody,
  refreshTokenBody,
  registerBody,
  sessionResponse,
  userResponse,
} from './schemas.ts';

const tags = ['auth'];

/** Responses carrying tokens must not be stored by any cache (RFC 6749 §5.1). */
const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

export function addAuthRoutes(
  routes: Routes,
  deps: { users: UsersService; sessions: SessionsService },
): void {
  const { users, sessions } = deps;

  routes.add(
    {
      method: 'post',
      path: '/api/auth/register',
      summary: 'Create a customer account and sign it in',
      tags,
      request: { body: registerBody },
      responses: {
        201: { description: 'Account created; the body is a new session', schema: sessionResponse },
        400: { description: 'A field is invalid (e.g. body.password too weak)' },
        409: { description: 'An account with this email already exists' },
      },
    },
    async ({ body, res }) => {
      const user = await users.register(body);
      const session = await sessions.start(user);
      noStore(res);
      res.status(201).location(`/api/users/${user.id}`).json(presentSession(session));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in with email and password',
      tags,
      request: { body: loginBody },
      responses: {
        200: { description: 'A new session', schema: sessionResponse },
        401: { description: 'The email or password is incorrect (the same answer for both)' },
        429: {
          description: 'Too many failed attempts for this account or address; see Retry-After',
        },
      },
    },
    async ({ body, req, res }) => {
      const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const session = await sessions.login({ email: body.email, password: body.password, ip });
      noStore(res);
      res.json(presentSession(session));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/refresh',
      summary: 'Exchange a refresh token for a new session (the old refresh token is spent)',
      tags,
      request: { body: refreshTokenBody },
      responses: {
        200: { description: 'A new access token and a new refresh token', schema: sessionResponse },
        401: {
          description:
            'Unknown, expired, revoked or already used refresh token (reuse ends the session)',
        },
      },
    },
    async ({ body, res }) => {
      const session = await sessions.refresh(body.refreshToken);
      noStore(res);
      res.json(presentSession(session));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/auth/logout',
      summary: 'End the session the refresh token belongs to',
      tags,
      request: { body: refreshTokenBody },
      responses: { 204: { description: 'Signed out (also when the token was unknown)' } },
    },
    async ({ body, res }) => {
      await sessions.logout(body.refreshToken);
      res.status(204).end();
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/auth/me',
      summary: 'The signed-in account',
      tags,
      auth: true,
      responses: {
        200: { description: 'The account of the access token', schema: userResponse },
        401: { description: 'Missing, invalid or expired access token' },
        403: { description: 'A service token: service accounts have no user account' },
      },
    },
    async ({ principal, res }) => {
      if (!principal) throw unauthenticated();
      // A service token's sub is a client id, not a user id: there is no account to look up.
      if (principal.role === 'service')
        throw forbidden('A service account has no user account; /me is for people.');
      const user = await users.get(principal.userId);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(presentUser(user));
    },
  );
}
