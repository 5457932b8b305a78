// The scenarios every way of running the platform must pass, spoken through the edge: the
// embedded and the connected end-to-end tests each start the platform and declare these.
import { describe, expect, it } from 'vitest';
import { createApiClient, type ApiCall, type Json } from './e2e.test-support.ts';

export interface Credentials {
  email: string;
  password: string;
}

export interface PlatformContext {
  /** The edge, e.g. http://127.0.0.1:8080. */
  base: string;
  admin: Credentials;
  customer: Credentials;
  /** What the catalog holds when the scenarios start (they run before anything else writes). */
  catalog: { movies: number; theaters: number; minScreens: number };
}

/** Declares the shared `it` blocks; `context` is read when they run, after the file's beforeAll. */
export function describePlatformScenarios(title: string, context: () => PlatformContext): void {
  const call: ApiCall = (...args) => createApiClient(context().base)(...args);

  describe(title, () => {
    it('registers, logs in, refreshes and answers me', async () => {
      const email = `e2e-${Date.now()}@example.com`;
      const password = 'correct horse battery staple';
      const reg = await call('POST', '/api/auth/register', { email, password, name: 'E2E Person' });
      expect(reg.status).toBe(201);
      expect(
        (await call('POST', '/api/auth/register', { email, password, name: 'Again' })).status,
      ).toBe(409);

      const login = await call('POST', '/api/auth/login', { email, password });
      expect(login.status).toBe(200);
      const me = await call('GET', '/api/auth/me', undefined, login.body.accessToken);
      expect(me.body).toMatchObject({ email, role: 'customer' });

      const refreshed = await call('POST', '/api/auth/refresh', {
        refreshToken: login.body.refreshToken,
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
      // The spent token is refused, and its reuse revokes the family.
      expect(
        (await call('POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken })).status,
      ).toBe(401);
      expect(
        (await call('POST', '/api/auth/refresh', { refreshToken: refreshed.body.refreshToken }))
          .status,
      ).toBe(401);
    });

    it('serves the catalog: lists, searches and reads a screen layout', async () => {
      const expected = context().catalog;
      const movies = await call('GET', '/api/movies?limit=50');
      expect(movies.status).toBe(200);
      expect(movies.body.total).toBe(expected.movies);
      const first = movies.body.items[0];
      const titleWord =
        String(first.title)
          .split(' ')
          .find((w: string) => w.length > 3) ?? first.title;
      const search = await call('GET', `/api/movies?q=${encodeURIComponent(titleWord)}`);
      expect(search.body.items.map((m: Json) => m.id)).toContain(first.id);

      const theaters = await call('GET', '/api/theaters');
      expect(theaters.body.items).toHaveLength(expected.theaters);
      let screenCount = 0;
      for (const theater of theaters.body.items) {
        const screens = await call('GET', `/api/theaters/${theater.id}/screens`);
        expect(screens.status).toBe(200);
        screenCount += screens.body.items.length;
      }
      expect(screenCount).toBeGreaterThanOrEqual(expected.minScreens);
      const theaterId = theaters.body.items[0].id;
      const screens = await call('GET', `/api/theaters/${theaterId}/screens`);
      const screen = await call(
        'GET',
        `/api/theaters/${theaterId}/screens/${screens.body.items[0].id}`,
      );
      expect(screen.status).toBe(200);
      expect(screen.body.layout.rows.length).toBeGreaterThan(0);
    });

    it('lets the admin write and refuses a customer', async () => {
      const { admin: adminLogin, customer: customerLogin } = context();
      const admin = await call('POST', '/api/auth/login', adminLogin);
      const customer = await call('POST', '/api/auth/login', customerLogin);
      expect(admin.status).toBe(200);
      expect(admin.body.user.role).toBe('admin');
      expect(customer.status).toBe(200);
      const movie = {
        title: 'The Projectionist',
        synopsis: 'A night-shift projectionist finds a reel that was never filmed.',
        runtimeMinutes: 104,
        rating: 'PG-13',
        genres: ['drama'],
        cast: ['Ines Duarte'],
        releaseDate: '2026-12-04',
      };
      const denied = await call('POST', '/api/movies', movie, customer.body.accessToken);
      expect(denied.status).toBe(403);
      expect(denied.type).toContain('application/problem+json');
      const created = await call('POST', '/api/movies', movie, admin.body.accessToken);
      expect(created.status).toBe(201);
      expect((await call('GET', `/api/movies/${created.body.id}`)).body.title).toBe(
        'The Projectionist',
      );
    });

    it('answers bad input and unknown routes with problem+json, without stack traces', async () => {
      const bad = await call('POST', '/api/auth/login', '{"email": ');
      expect(bad.status).toBe(400);
      expect(bad.type).toContain('application/problem+json');
      const badId = await call('GET', '/api/movies/not-a-uuid');
      expect(badId.status).toBe(400);
      expect(badId.body.errors[0].field).toBe('params.id');
      expect(JSON.stringify(badId.body)).not.toMatch(/\.ts:\d+/);
      expect((await call('GET', '/api/nothing')).status).toBe(404);
    });
  });
}
