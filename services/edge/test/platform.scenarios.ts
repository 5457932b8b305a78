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
  /** True when the demo schedule was loaded (embedded); otherwise at least one showtime exists. */
  demoSchedule: boolean;
  /** Someone who may check tickets in at the door (staff or admin). */
  staff: Credentials;
}

interface SeatView {
  label: string;
  row: string;
  position: number;
  category: string;
  state: string;
}

/**
 * Two side-by-side available seats a hold may take without leaving one seat stranded: the first
 * two of a run of exactly two, or of four or more, free standard or premium seats.
 */
function adjacentPair(seats: SeatView[]): [string, string] | undefined {
  const rows = new Map<string, SeatView[]>();
  for (const seat of seats) rows.set(seat.row, [...(rows.get(seat.row) ?? []), seat]);
  for (const row of rows.values()) {
    let run: SeatView[] = [];
    const ordered = [...row].sort((a, b) => a.position - b.position);
    for (const seat of [...ordered, undefined]) {
      const free = seat?.state === 'available' && ['standard', 'premium'].includes(seat.category);
      const last = run[run.length - 1];
      if (free && seat && (!last || seat.position === last.position + 1)) {
        run.push(seat);
        continue;
      }
      if (run.length === 2 || run.length >= 4) return [run[0]!.label, run[1]!.label];
      run = free && seat ? [seat] : [];
    }
  }
  return undefined;
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

    it('lists showtimes by movie and local date, and reads one with its seat counts', async () => {
      const upcoming = await call('GET', '/api/showtimes?limit=100');
      expect(upcoming.status).toBe(200);
      expect(upcoming.body.total).toBeGreaterThan(0);
      const first = upcoming.body.items[0];
      const sameDay = await call(
        'GET',
        `/api/showtimes?movieId=${first.movieId}&date=${first.local.date}&limit=100`,
      );
      expect(sameDay.body.items.map((s: Json) => s.id)).toContain(first.id);
      expect(sameDay.body.items.every((s: Json) => s.local.date === first.local.date)).toBe(true);
      const one = await call('GET', `/api/showtimes/${first.id}`);
      expect(one.status).toBe(200);
      expect(one.body.counts.total).toBeGreaterThan(0);
      expect(one.body.counts.total).toBe(
        one.body.counts.available +
          one.body.counts.held +
          one.body.counts.sold +
          one.body.counts.blocked,
      );

      if (!context().demoSchedule) return;
      // The demo schedule: every demo theater shows films over the next two weeks.
      const theaters = await call('GET', '/api/theaters');
      for (const theater of theaters.body.items) {
        const shows = await call('GET', `/api/showtimes?theaterId=${theater.id}&limit=100`);
        expect(shows.body.total, theater.name).toBeGreaterThan(3 * 13);
      }
      const byMovie = await call('GET', `/api/showtimes?movieId=${first.movieId}&limit=100`);
      const dates = new Set(byMovie.body.items.map((s: Json) => s.local.date));
      expect(byMovie.body.items[0].movieTitle).toBe(first.movieTitle);
      expect(dates.size).toBeGreaterThanOrEqual(5);
    });

    it('lets a signed-in customer read a seat map and hold two seats side by side', async () => {
      const login = await call('POST', '/api/auth/login', context().customer);
      expect(login.status).toBe(200);
      const token: string = login.body.accessToken;
      const upcoming = await call('GET', '/api/showtimes?limit=100');
      // Starting in over an hour: its sales stay open while the test runs.
      const showtime = upcoming.body.items.find(
        (s: Json) => s.counts.available >= 4 && Date.parse(s.startsAt) > Date.now() + 3_600_000,
      );
      expect(showtime, 'a showtime with free seats').toBeDefined();
      const path = `/api/showtimes/${showtime.id}/seats`;

      const before = await fetch(context().base + path);
      expect(before.status).toBe(200);
      const etag = before.headers.get('etag');
      expect(etag).toMatch(/^"\d+"$/);
      const map = (await before.json()) as { seats: SeatView[]; currency: string };
      expect(map.currency).toMatch(/^[A-Z]{3}$/);
      const again = await fetch(context().base + path, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);

      const pair = adjacentPair(map.seats);
      expect(pair, 'two adjacent free seats').toBeDefined();
      expect(
        (await call('POST', `/api/showtimes/${showtime.id}/holds`, { seats: pair })).status,
      ).toBe(401);
      const hold = await call(
        'POST',
        `/api/showtimes/${showtime.id}/holds`,
        { seats: pair },
        token,
      );
      expect(hold.status, JSON.stringify(hold.body)).toBe(201);
      expect(hold.body).toMatchObject({ showtimeId: showtime.id, seats: pair });
      expect(Date.parse(hold.body.expiresAt)).toBeGreaterThan(Date.now());

      const after = await fetch(context().base + path, { headers: { 'if-none-match': etag! } });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      const held = ((await after.json()) as { seats: SeatView[] }).seats.filter((s) =>
        pair!.includes(s.label),
      );
      expect(held.map((s) => s.state)).toEqual(['held', 'held']);

      const released = await call('DELETE', `/api/holds/${hold.body.holdId}`, undefined, token);
      expect(released.status).toBe(204);
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
