// Browsing the schedule: by movie, theater and local date (in each theater's own time zone, across
// the UTC date line), paged; one showtime with seat counts derived from the seat rows at `now`.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridLayout } from '../catalog/fake-catalog.test-support.ts';
import {
  priceTable,
  startTestShowtimes,
  type Json,
  type TestShowtimes,
} from './showtimes.test-support.ts';

let t: TestShowtimes;
const theaters = { melbourne: '', lisbon: '', chicago: '' };
const screens = { melbourne: '', lisbon: '', chicago: '' };
let movieId: string;
let otherMovieId: string;
const ids: Record<string, string> = {};

async function schedule(
  name: string,
  city: keyof typeof theaters,
  startsAt: string,
  movie = movieId,
) {
  const res = await t.call('POST', '/api/showtimes', {
    body: {
      movieId: movie,
      theaterId: theaters[city],
      screenId: screens[city],
      startsAt,
      priceTable: priceTable(),
    },
    token: t.tokens.admin,
  });
  expect(res.status).toBe(201);
  ids[name] = res.body.id;
  return res.body;
}

const idsOf = (res: { body: Json }) => res.body.items.map((s: Json) => s.id);

beforeAll(async () => {
  t = await startTestShowtimes();
  movieId = t.catalog.addMovie({ runtimeMinutes: 90 }).id;
  otherMovieId = t.catalog.addMovie({ runtimeMinutes: 120 }).id;
  for (const [city, timezone] of [
    ['melbourne', 'Australia/Melbourne'],
    ['lisbon', 'Europe/Lisbon'],
    ['chicago', 'America/Chicago'],
  ] as const) {
    theaters[city] = t.catalog.addTheater({ timezone }).id;
    screens[city] = t.catalog.addScreen(theaters[city], gridLayout(2, 5)).id;
  }
  // 00:30 on 10 March in Melbourne (AEDT, +11) is still 9 March in UTC.
  const late = await schedule('melbourneLate', 'melbourne', '2030-03-09T13:30:00Z');
  expect(late.local).toEqual({ date: '2030-03-10', time: '00:30' });
  await schedule('melbourneEvening', 'melbourne', '2030-03-09T08:00:00Z', otherMovieId);
  // 23:30 on 9 March in Lisbon (WET, +0).
  await schedule('lisbonLate', 'lisbon', '2030-03-09T23:30:00Z');
  // 20:00 on 9 March in Chicago (CST, -6) is already 10 March in UTC.
  const chicago = await schedule('chicagoEvening', 'chicago', '2030-03-10T02:00:00Z');
  expect(chicago.local).toEqual({ date: '2030-03-09', time: '20:00' });
});
afterAll(() => t.close());

describe('GET /api/showtimes', () => {
  it('finds a showtime on its local date, not on its UTC date', async () => {
    const on10th = await t.call(
      'GET',
      `/api/showtimes?theaterId=${theaters.melbourne}&date=2030-03-10`,
    );
    expect(on10th.status).toBe(200);
    expect(idsOf(on10th)).toEqual([ids.melbourneLate]);
    const on9th = await t.call(
      'GET',
      `/api/showtimes?theaterId=${theaters.melbourne}&date=2030-03-09`,
    );
    expect(idsOf(on9th)).toEqual([ids.melbourneEvening]);

    const all9th = await t.call('GET', '/api/showtimes?date=2030-03-09');
    expect(idsOf(all9th)).toEqual([ids.melbourneEvening, ids.lisbonLate, ids.chicagoEvening]);
    const all10th = await t.call('GET', '/api/showtimes?date=2030-03-10');
    expect(idsOf(all10th)).toEqual([ids.melbourneLate]);
  });

  it('filters by movie and theater, pages, and leaves out cancelled showtimes unless asked', async () => {
    const byMovie = await t.call('GET', `/api/showtimes?movieId=${movieId}&limit=2`);
    expect(byMovie.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(idsOf(byMovie)).toEqual([ids.melbourneLate, ids.lisbonLate]);
    const next = await t.call('GET', `/api/showtimes?movieId=${movieId}&limit=2&offset=2`);
    expect(idsOf(next)).toEqual([ids.chicagoEvening]);

    await schedule('cancelled', 'lisbon', '2030-03-12T19:00:00Z', otherMovieId);
    await t.call('POST', `/api/showtimes/${ids.cancelled}/cancel`, { token: t.tokens.admin });
    const lisbon = await t.call('GET', `/api/showtimes?theaterId=${theaters.lisbon}`);
    expect(idsOf(lisbon)).toEqual([ids.lisbonLate]);
    const withCancelled = await t.call(
      'GET',
      `/api/showtimes?theaterId=${theaters.lisbon}&status=all`,
    );
    expect(idsOf(withCancelled)).toEqual([ids.lisbonLate, ids.cancelled]);
  });

  it('without a date lists only showtimes that have not started', async () => {
    t.clock.set('2030-03-09T20:00:00Z');
    try {
      const upcoming = await t.call('GET', `/api/showtimes?movieId=${movieId}`);
      expect(idsOf(upcoming)).toEqual([ids.lisbonLate, ids.chicagoEvening]);
    } finally {
      t.clock.set('2030-03-01T12:00:00Z');
    }
  });

  it('names bad query values', async () => {
    const res = await t.call('GET', '/api/showtimes?date=10/03/2030&movieId=x&limit=500');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: Json) => e.field).sort()).toEqual([
      'query.date',
      'query.limit',
      'query.movieId',
    ]);
  });
});

describe('GET /api/showtimes/{id}', () => {
  it('counts seats from their rows at now: a hold past its time counts as available', async () => {
    const id = ids.lisbonLate!;
    const set = (label: string, state: string, extra = sql``) =>
      t.db.execute(sql`
        UPDATE seats SET state = ${state}, change_seq = nextval('seat_change_seq') ${extra}
        WHERE showtime_id = ${id} AND label = ${label}`);
    const holdId = randomUUID();
    const customer = randomUUID();
    const taken = (until: string | null) =>
      sql`, hold_id = ${holdId}, holder_id = ${customer}, held_until = ${until}`;
    await set('A1', 'held', taken('2030-03-01T12:05:00Z'));
    await set('A2', 'held', taken('2030-03-01T12:05:00Z'));
    await set('A3', 'held', taken('2030-03-01T11:59:00Z'));
    await set('A4', 'sold', taken(null));
    await set('B5', 'blocked');

    const res = await t.call('GET', `/api/showtimes/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ total: 10, available: 6, held: 2, sold: 1, blocked: 1 });
    t.clock.advance(5 * 60);
    try {
      const later = await t.call('GET', `/api/showtimes/${id}`);
      expect(later.body.counts).toEqual({ total: 10, available: 8, held: 0, sold: 1, blocked: 1 });
      const listed = await t.call(
        'GET',
        `/api/showtimes?theaterId=${theaters.lisbon}&date=2030-03-09`,
      );
      expect(listed.body.items[0].counts).toEqual(later.body.counts);
    } finally {
      t.clock.set('2030-03-01T12:00:00Z');
    }
  });

  it('answers 404 for an unknown showtime and 400 for a malformed id', async () => {
    expect((await t.call('GET', `/api/showtimes/${randomUUID()}`)).status).toBe(404);
    const bad = await t.call('GET', '/api/showtimes/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('params.id');
  });
});
