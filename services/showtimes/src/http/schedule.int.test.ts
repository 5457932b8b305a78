// Scheduling through HTTP on real PostgreSQL with a fake catalog over HTTP: the response, the rows
// and the published events of a POST; overlaps, references the catalog lacks, bad input, roles.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduleFixture, type ScheduleFixture } from './schedule.test-support.ts';
import type { Json, TestShowtimes } from './showtimes.test-support.ts';

let f: ScheduleFixture;
let t: TestShowtimes;
const body = (overrides: Record<string, unknown> = {}) => f.body(overrides);
const freshScreen = (rows?: number, perRow?: number) => f.freshScreen(rows, perRow);
const count = (...args: Parameters<ScheduleFixture['count']>) => f.count(...args);
const eventsOf = (type: string, showtimeId: string) => f.eventsOf(type, showtimeId);

beforeAll(async () => {
  f = await startScheduleFixture();
  t = f.t;
});
afterAll(() => t.close());

describe('POST /api/showtimes', () => {
  it('schedules a showtime with one seat row per layout seat and announces it', async () => {
    const res = await t.call('POST', '/api/showtimes', { body: body(), token: t.tokens.admin });
    expect(res.status).toBe(201);
    const id: string = res.body.id;
    expect(res.headers.get('location')).toBe(`/api/showtimes/${id}`);
    // 95 minutes of film, 20 of trailers, 15 of cleaning.
    expect(res.body).toMatchObject({
      movieId: f.movie.id,
      movieTitle: 'Paper Comets',
      runtimeMinutes: 95,
      theaterId: f.theaterId,
      screenId: f.screen.id,
      layoutVersion: 1,
      timeZone: 'Europe/Lisbon',
      startsAt: '2030-03-05T19:30:00.000Z',
      endsAt: '2030-03-05T21:40:00.000Z',
      local: { date: '2030-03-05', time: '19:30' },
      salesOpenAt: '2030-03-01T12:00:00.000Z',
      salesCloseAt: '2030-03-05T19:30:00.000Z',
      status: 'scheduled',
      counts: { total: 12, available: 12, held: 0, sold: 0, blocked: 0 },
    });
    expect(await count('seats', sql`showtime_id = ${id} AND state = 'available'`)).toBe(12);
    const labels = (await t.db.execute(
      sql`SELECT label, row_name, position FROM seats WHERE showtime_id = ${id} ORDER BY label`,
    )) as unknown as { rows: Json[] };
    expect(labels.rows[0]).toEqual({ label: 'A1', row_name: 'A', position: 0 });

    await t.settle();
    const [event] = eventsOf('showtime.scheduled.v1', id);
    expect(event?.payload).toEqual({
      showtimeId: id,
      movieId: f.movie.id,
      theaterId: f.theaterId,
      screenId: f.screen.id,
      startsAt: '2030-03-05T19:30:00.000Z',
      endsAt: '2030-03-05T21:40:00.000Z',
      capacity: 12,
    });
  });

  it('refuses an overlapping showtime on the same screen with 409 naming it, and writes nothing', async () => {
    const own = freshScreen();
    const first = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id, startsAt: '2030-03-06T18:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(first.status).toBe(201);
    const before = await Promise.all([count('showtimes'), count('seats'), count('outbox')]);
    const clash = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id, startsAt: '2030-03-06T20:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(clash.status).toBe(409);
    expect(clash.headers.get('content-type')).toContain('application/problem+json');
    expect(clash.body.detail).toContain(`overlap showtime ${first.body.id}`);
    expect(clash.body.overlapping).toMatchObject({ id: first.body.id, movieTitle: 'Paper Comets' });
    expect(clash.body.reason).toBe('schedule_conflict');
    expect(await Promise.all([count('showtimes'), count('seats'), count('outbox')])).toEqual(
      before,
    );
    // Back to back is fine: the first ends (cleaning included) at 20:10.
    const after = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id, startsAt: '2030-03-06T20:10:00Z' }),
      token: t.tokens.admin,
    });
    expect(after.status).toBe(201);
  });

  it('treats a repeated POST with the same id and body as done, and another body as a conflict', async () => {
    const id = randomUUID();
    const own = freshScreen();
    const first = await t.call('POST', '/api/showtimes', {
      body: body({ id, screenId: own.id }),
      token: t.tokens.admin,
    });
    expect(first.status).toBe(201);
    const again = await t.call('POST', '/api/showtimes', {
      body: body({ id, screenId: own.id }),
      token: t.tokens.admin,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await t.call('POST', '/api/showtimes', {
      body: body({ id, screenId: own.id, startsAt: '2030-03-05T21:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(other.status).toBe(409);
    expect(await count('showtimes', sql`id = ${id}`)).toBe(1);
  });

  it('answers bad input with 400 naming each field, and writes nothing', async () => {
    const before = await count('showtimes');
    const res = await t.call('POST', '/api/showtimes', {
      body: {
        ...body({ startsAt: 'tomorrow evening', movieId: 'nope', extra: 1 }),
        priceTable: { currency: 'euro', prices: {} },
      },
      token: t.tokens.admin,
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: Json) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.movieId',
        'body.startsAt',
        'body.priceTable.currency',
        'body.priceTable.prices.standard',
        'body.extra',
      ]),
    );
    const past = await t.call('POST', '/api/showtimes', {
      body: body({ startsAt: '2030-02-01T19:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([
      { field: 'body.startsAt', message: 'must be in the future' },
    ]);
    const window = await t.call('POST', '/api/showtimes', {
      body: body({ salesOpenAt: '2030-03-04T00:00:00Z', salesCloseAt: '2030-03-03T00:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(window.status).toBe(400);
    expect(window.body.errors[0].field).toBe('body.salesOpenAt');
    const late = await t.call('POST', '/api/showtimes', {
      body: body({ salesCloseAt: '2030-03-05T20:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].field).toBe('body.salesCloseAt');
    expect(await count('showtimes')).toBe(before);
  });

  it('answers 422 naming what the catalog does not have, and 503 while the catalog is down', async () => {
    const unknown = await t.call('POST', '/api/showtimes', {
      body: body({ movieId: randomUUID(), screenId: randomUUID() }),
      token: t.tokens.admin,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: Json) => e.field).sort()).toEqual([
      'body.movieId',
      'body.screenId',
    ]);
    const deleted = t.catalog.addMovie({ deletedAt: '2030-01-01T00:00:00Z' });
    const gone = await t.call('POST', '/api/showtimes', {
      body: body({ movieId: deleted.id }),
      token: t.tokens.admin,
    });
    expect(gone.status).toBe(422);
    expect(gone.body.errors[0].field).toBe('body.movieId');

    const before = await count('showtimes');
    t.catalog.failing = true;
    try {
      const down = await t.call('POST', '/api/showtimes', {
        body: body({ screenId: freshScreen().id }),
        token: t.tokens.admin,
      });
      expect(down.status).toBe(503);
    } finally {
      t.catalog.failing = false;
    }
    expect(await count('showtimes')).toBe(before);
  });

  it('lets only admins schedule: 401 without a token, 403 for other roles', async () => {
    const anonymous = await t.call('POST', '/api/showtimes', { body: body() });
    expect(anonymous.status).toBe(401);
    for (const token of [t.tokens.customer, t.tokens.staff, t.tokens.service]) {
      const res = await t.call('POST', '/api/showtimes', { body: body(), token });
      expect(res.status).toBe(403);
    }
    const id = randomUUID();
    for (const [method, path] of [
      ['PUT', `/api/showtimes/${id}`],
      ['PATCH', `/api/showtimes/${id}`],
      ['POST', `/api/showtimes/${id}/cancel`],
    ] as const) {
      const res = await t.call(method, path, {
        body: method === 'POST' ? undefined : body(),
        token: t.tokens.customer,
      });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });
});

describe('GET /openapi.json', () => {
  it('describes the schedule, seat map and hold routes', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/showtimes',
        '/api/showtimes/{id}',
        '/api/showtimes/{id}/cancel',
        '/api/showtimes/{id}/seats',
        '/api/showtimes/{id}/holds',
      ]),
    );
    expect(res.body.paths['/api/showtimes/{id}'].put.security).toEqual([{ bearer: [] }]);
  });
});
