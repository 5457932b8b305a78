// Changing showtimes through HTTP: PUT as an idempotent upsert, moves between screens and layouts,
// PATCH reschedules and cancellation; the response, the rows and the published events.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridLayout } from '../catalog/fake-catalog.test-support.ts';
import { startScheduleFixture, type ScheduleFixture } from './schedule.test-support.ts';
import type { Json, TestShowtimes } from './showtimes.test-support.ts';

let f: ScheduleFixture;
let t: TestShowtimes;
const body = (overrides: Record<string, unknown> = {}) => f.body(overrides);
const freshScreen = (rows?: number, perRow?: number) => f.freshScreen(rows, perRow);
const count = (...args: Parameters<ScheduleFixture['count']>) => f.count(...args);
const eventsOf = (type: string, showtimeId: string) => f.eventsOf(type, showtimeId);
const holdSeat = (showtimeId: string, label: string, until: string) =>
  f.holdSeat(showtimeId, label, until);

beforeAll(async () => {
  f = await startScheduleFixture();
  t = f.t;
});
afterAll(() => t.close());

describe('PUT /api/showtimes/{id}', () => {
  it('creates with 201; the same body again changes nothing: one row, one event, same representation', async () => {
    const id = randomUUID();
    const own = freshScreen();
    const first = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id }),
      token: t.tokens.service,
    });
    expect(first.status).toBe(201);
    t.clock.advance(60);
    const outboxBefore = await count('outbox');
    const second = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id }),
      token: t.tokens.service,
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await count('showtimes', sql`id = ${id}`)).toBe(1);
    expect(await count('outbox')).toBe(outboxBefore);
    await t.settle();
    expect(eventsOf('showtime.scheduled.v1', id)).toHaveLength(1);
  });

  it('reschedules when the start changes, announcing the old and new start', async () => {
    const id = randomUUID();
    const own = freshScreen();
    await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    const moved = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id, startsAt: '2030-03-05T21:00:00Z' }),
      token: t.tokens.admin,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      startsAt: '2030-03-05T21:00:00.000Z',
      endsAt: '2030-03-05T23:10:00.000Z',
      salesCloseAt: '2030-03-05T21:00:00.000Z',
    });
    await t.settle();
    expect(eventsOf('showtime.rescheduled.v1', id).map((e) => e.payload)).toEqual([
      {
        showtimeId: id,
        previousStartsAt: '2030-03-05T19:30:00.000Z',
        startsAt: '2030-03-05T21:00:00.000Z',
        endsAt: '2030-03-05T23:10:00.000Z',
      },
    ]);
  });

  it('moves a showtime without held or sold seats to another screen; refuses one that has them', async () => {
    const id = randomUUID();
    const from = freshScreen(2, 2);
    const to = freshScreen(3, 5);
    await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: from.id }),
      token: t.tokens.admin,
    });
    const moved = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: to.id }),
      token: t.tokens.admin,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.screenId).toBe(to.id);
    expect(moved.body.counts.total).toBe(15);
    expect(await count('seats', sql`showtime_id = ${id}`)).toBe(15);

    await holdSeat(id, 'B2', '2030-03-01T12:10:00Z');
    const refused = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: from.id }),
      token: t.tokens.admin,
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ heldOrSold: 1, reason: 'seats_taken' });
    expect(await count('seats', sql`showtime_id = ${id}`)).toBe(15);
    // A newer layout of the same screen is another set of seats too.
    const version = t.catalog.addLayoutVersion(to.id, gridLayout(2, 5));
    const relayout = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: to.id, layoutVersion: version }),
      token: t.tokens.admin,
    });
    expect(relayout.status).toBe(409);
    // Once the hold has run out, the seats may move.
    t.clock.advance(11 * 60);
    const later = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: to.id, layoutVersion: version }),
      token: t.tokens.admin,
    });
    t.clock.set('2030-03-01T12:00:00Z');
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ layoutVersion: 2, counts: { total: 10 } });
  });

  it('keeps the layout version it snapshotted when the screen gets a new one', async () => {
    const id = randomUUID();
    const own = freshScreen(2, 3);
    await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    t.catalog.addLayoutVersion(own.id, gridLayout(4, 4));
    const again = await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ layoutVersion: 1, counts: { total: 6 } });
  });

  it('does not ask the catalog when nothing about the movie or screen changes', async () => {
    const id = randomUUID();
    const own = freshScreen();
    await t.call('PUT', `/api/showtimes/${id}`, {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    t.catalog.failing = true;
    try {
      const res = await t.call('PUT', `/api/showtimes/${id}`, {
        body: body({ screenId: own.id, startsAt: '2030-03-05T20:00:00Z' }),
        token: t.tokens.admin,
      });
      expect(res.status).toBe(200);
    } finally {
      t.catalog.failing = false;
    }
  });
});

describe('PATCH /api/showtimes/{id}', () => {
  it('reschedules; a sales window that closed at the start moves with it', async () => {
    const own = freshScreen();
    const created = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    const id: string = created.body.id;
    const res = await t.call('PATCH', `/api/showtimes/${id}`, {
      body: { startsAt: '2030-03-05T17:00:00Z' },
      token: t.tokens.admin,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      startsAt: '2030-03-05T17:00:00.000Z',
      endsAt: '2030-03-05T19:10:00.000Z',
      salesCloseAt: '2030-03-05T17:00:00.000Z',
    });
    await t.settle();
    expect(eventsOf('showtime.rescheduled.v1', id)).toHaveLength(1);

    const empty = await t.call('PATCH', `/api/showtimes/${id}`, {
      body: {},
      token: t.tokens.admin,
    });
    expect(empty.status).toBe(400);
    const missing = await t.call('PATCH', `/api/showtimes/${randomUUID()}`, {
      body: { startsAt: '2030-03-05T17:00:00Z' },
      token: t.tokens.admin,
    });
    expect(missing.status).toBe(404);
  });

  it('refuses a reschedule onto another showtime of the screen', async () => {
    const own = freshScreen();
    const a = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id, startsAt: '2030-03-07T14:00:00Z' }),
      token: t.tokens.admin,
    });
    const b = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id, startsAt: '2030-03-07T18:00:00Z' }),
      token: t.tokens.admin,
    });
    const res = await t.call('PATCH', `/api/showtimes/${b.body.id}`, {
      body: { startsAt: '2030-03-07T15:00:00Z' },
      token: t.tokens.admin,
    });
    expect(res.status).toBe(409);
    expect(res.body.overlapping.id).toBe(a.body.id);
    const unchanged = await t.call('GET', `/api/showtimes/${b.body.id}`);
    expect(unchanged.body.startsAt).toBe('2030-03-07T18:00:00.000Z');
  });
});

describe('POST /api/showtimes/{id}/cancel', () => {
  it('cancels once, ends live holds, and frees the screen; cancelling again changes nothing', async () => {
    const own = freshScreen();
    const created = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    const id: string = created.body.id;
    const hold = await holdSeat(id, 'A1', '2030-03-01T12:08:00Z');

    const res = await t.call('POST', `/api/showtimes/${id}/cancel`, { token: t.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'cancelled',
      cancelledAt: '2030-03-01T12:00:00.000Z',
      counts: { available: 12, held: 0 },
    });
    const holdRow = (await t.db.execute(
      sql`SELECT status FROM holds WHERE id = ${hold.holdId}`,
    )) as unknown as { rows: Json[] };
    expect(holdRow.rows[0].status).toBe('released');

    const outboxBefore = await count('outbox');
    // The operator cancels with its service token (deletion policy Cancel).
    const again = await t.call('POST', `/api/showtimes/${id}/cancel`, { token: t.tokens.service });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');
    expect(await count('outbox')).toBe(outboxBefore);

    await t.settle();
    expect(eventsOf('showtime.cancelled.v1', id).map((e) => e.payload)).toEqual([
      { showtimeId: id, cancelledAt: '2030-03-01T12:00:00.000Z' },
    ]);
    expect(eventsOf('seat.released.v1', id).map((e) => e.payload)).toEqual([
      {
        showtimeId: id,
        holdId: hold.holdId,
        customerId: hold.customerId,
        seats: ['A1'],
        reason: 'cancelled',
      },
    ]);

    // A cancelled showtime no longer holds the screen, and can no longer be changed.
    const replacement = await t.call('POST', '/api/showtimes', {
      body: body({ screenId: own.id }),
      token: t.tokens.admin,
    });
    expect(replacement.status).toBe(201);
    const change = await t.call('PATCH', `/api/showtimes/${id}`, {
      body: { startsAt: '2030-03-05T22:00:00Z' },
      token: t.tokens.admin,
    });
    expect(change.status).toBe(409);
    const missing = await t.call('POST', `/api/showtimes/${randomUUID()}/cancel`, {
      token: t.tokens.admin,
    });
    expect(missing.status).toBe(404);
  });
});
