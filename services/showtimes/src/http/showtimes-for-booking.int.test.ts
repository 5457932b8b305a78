// What the booking service reads and does through the whole service: a showtime's price table,
// start and status; a hold taken for a customer, sold, and returned, after which the seat map's
// version has moved, the release is published and the inventory invariants read zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridLayout } from '../catalog/fake-catalog.test-support.ts';
import { checkInventoryInvariants } from '../db/inventory-invariants.ts';
import {
  priceTable,
  startTestShowtimes,
  type Json,
  type TestShowtimes,
} from './showtimes.test-support.ts';

let t: TestShowtimes;
beforeAll(async () => {
  t = await startTestShowtimes();
});
afterAll(() => t.close());

async function scheduleGrid(): Promise<Json> {
  const theaterId = t.catalog.addTheater().id;
  const res = await t.call('POST', '/api/showtimes', {
    body: {
      movieId: t.catalog.addMovie().id,
      theaterId,
      screenId: t.catalog.addScreen(theaterId, gridLayout(2, 6)).id,
      startsAt: '2030-03-05T19:30:00Z',
      priceTable: priceTable(),
    },
    token: t.tokens.admin,
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe('showtimes for booking', () => {
  it('shows anyone the price table, start and status booking prices a seat from', async () => {
    const created = await scheduleGrid();

    const res = await t.call('GET', `/api/showtimes/${created.id}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      startsAt: '2030-03-05T19:30:00.000Z',
      status: 'scheduled',
      priceTable: priceTable(),
    });
    expect(Object.keys(res.body.priceTable.prices).sort()).toEqual([
      'companion',
      'premium',
      'standard',
      'wheelchair',
    ]);
  });

  it('holds for a customer, sells, returns: the map moves, the release is published', async () => {
    const { id: showtimeId } = await scheduleGrid();
    const alice = await t.customer();
    const held = await t.call('POST', `/api/showtimes/${showtimeId}/holds`, {
      token: t.tokens.service,
      body: { seats: ['B3', 'B4'], customerId: alice.id },
    });
    expect(held.status).toBe(201);
    const { holdId } = held.body;
    const sold = await t.call('POST', `/api/holds/${holdId}/confirm`, {
      token: t.tokens.service,
      body: { bookingRef: 'BK-1' },
    });
    expect(sold.status).toBe(200);
    const soldMap = await t.call('GET', `/api/showtimes/${showtimeId}/seats`);
    const stateOf = (map: Json, label: string) =>
      map.body.seats.find((seat: Json) => seat.label === label).state;
    expect(stateOf(soldMap, 'B3')).toBe('sold');

    const returned = await t.call('POST', `/api/holds/${holdId}/return`, {
      token: t.tokens.service,
      body: { seats: ['B4'], reason: 'refunded' },
    });

    expect(returned.status).toBe(200);
    expect(returned.body).toEqual({ holdId, showtimeId, returned: ['B4'], stillSold: ['B3'] });
    const stale = await t.call('GET', `/api/showtimes/${showtimeId}/seats`, {
      headers: { 'if-none-match': soldMap.headers.get('etag') ?? '' },
    });
    expect(stale.status).toBe(200);
    expect(stale.body.version).toBeGreaterThan(soldMap.body.version);
    expect(stateOf(stale, 'B4')).toBe('available');
    expect(stateOf(stale, 'B3')).toBe('sold');
    const counts = (await t.call('GET', `/api/showtimes/${showtimeId}`)).body.counts;
    expect(counts).toMatchObject({ available: 11, held: 0, sold: 1 });
    await t.settle();
    const releases = t.published.filter(
      (m) => m.type === 'seat.released.v1' && (m.payload as Json).holdId === holdId,
    );
    expect(releases.map((m) => m.payload)).toEqual([
      { showtimeId, holdId, customerId: alice.id, seats: ['B4'], reason: 'refunded' },
    ]);
    expect(await checkInventoryInvariants(t.db, t.clock.now())).toEqual([]);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    const violations = metrics
      .split('\n')
      .filter((line) => line.startsWith('seat_inventory_invariant_violations'));
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((line) => line.endsWith(' 0'))).toBe(true);
  });
});
