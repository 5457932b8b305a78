// Connected mode as README.md "Running connected" runs it: identity, catalog, showtimes, payments,
// booking and the edge each its own process on real PostgreSQL, Redis and RabbitMQ. The shared
// scenarios run through the edge, then what only separate processes can show: events on the
// broker, a graceful stop, a restart. Booking's faults (a SIGKILL mid-payment, the broker away
// for 30 s) are in booking-faults.e2e.test.ts.
import { uniqueSuffix } from '@marquee/kit/testing';
import { connect, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startConnectedPlatform,
  type ConnectedPlatform,
  type ServiceName,
} from './connected-platform.test-support.ts';
import {
  createApiClient,
  waitFor,
  waitUntilReady,
  type ApiCall,
  type ChildHandle,
  type Json,
} from './e2e.test-support.ts';
import { describeBookingScenarios } from './booking.scenarios.ts';
import { describePlatformScenarios, type PlatformContext } from './platform.scenarios.ts';

const READY_TIMEOUT_MS = 100_000;
/** How long a SIGTERM may take to end a service: draining, closing pools and the broker. */
const GRACEFUL_STOP_MS = 5_000;

const suffix = uniqueSuffix();
const admin = { email: `admin-${suffix}@example.com`, password: 'Admin passphrase for e2e' };
const customer = { email: `customer-${suffix}@example.com`, password: 'Customer passphrase 42' };

let platform: ConnectedPlatform;
let running: Partial<Record<ServiceName, ChildHandle>> = {};
const urls = {} as Record<ServiceName, string>;
let call: ApiCall;
let adminToken: string;

// What beforeAll puts in the catalog through the API (a connected catalog starts empty).
const theaterInput = {
  name: 'Harbourside Picture Hall',
  address: '12 Quay Street',
  city: 'Porto',
  timezone: 'Europe/Lisbon',
};
const layout = {
  rows: [
    {
      name: 'A',
      seats: [
        { label: 'A1', category: 'wheelchair' },
        { label: 'A2', category: 'companion' },
        null,
        { label: 'A3', category: 'standard' },
        { label: 'A4', category: 'standard' },
      ],
    },
    {
      name: 'B',
      seats: [
        { label: 'B1', category: 'premium' },
        { label: 'B2', category: 'premium' },
        null,
        { label: 'B3', category: 'premium' },
        { label: 'B4', category: 'premium' },
      ],
    },
    // Room for the booking scenarios: rows C to F of eight standard seats.
    ...['C', 'D', 'E', 'F'].map((name) => ({
      name,
      seats: Array.from({ length: 8 }, (_, i) => ({
        label: `${name}${i + 1}`,
        category: 'standard',
      })),
    })),
  ],
};
const movieInputs = [
  {
    title: 'Harbour Lights at Midnight',
    synopsis: 'A lighthouse keeper trades signals with a ship that sank a century ago.',
    runtimeMinutes: 112,
    rating: 'PG-13',
    genres: ['mystery', 'drama'],
    cast: ['Marta Quental', 'Oren Vale'],
    releaseDate: '2026-03-14',
  },
  {
    title: 'Saltwater Orchestra',
    synopsis: 'A fishing town stages a symphony played on the tools of its trade.',
    runtimeMinutes: 97,
    rating: 'PG',
    genres: ['comedy', 'musical'],
    cast: ['Tomas Ferreira'],
    releaseDate: '2026-02-02',
  },
  {
    title: 'Cartographer of Tides',
    synopsis: 'An apprentice mapmaker charts a coastline that moves every night.',
    runtimeMinutes: 128,
    rating: 'PG',
    genres: ['adventure', 'fantasy'],
    cast: ['Lia Brandt', 'Samuel Okoro'],
    releaseDate: '2025-11-20',
  },
];
const seeded = { theaterId: '', screenId: '', movieIds: [] as string[], showtimeId: '' };

async function createCatalogData(): Promise<void> {
  const login = await call('POST', '/api/auth/login', admin);
  expect(login.status).toBe(200);
  adminToken = login.body.accessToken;
  const registered = await call('POST', '/api/auth/register', {
    ...customer,
    name: 'E2E Customer',
  });
  expect(registered.status).toBe(201);

  const theater = await call('POST', '/api/theaters', theaterInput, adminToken);
  expect(theater.status).toBe(201);
  seeded.theaterId = theater.body.id;
  const screen = await call(
    'POST',
    `/api/theaters/${seeded.theaterId}/screens`,
    { name: 'Screen 1', layout },
    adminToken,
  );
  expect(screen.status).toBe(201);
  seeded.screenId = screen.body.id;
  for (const movie of movieInputs) {
    const created = await call('POST', '/api/movies', movie, adminToken);
    expect(created.status).toBe(201);
    seeded.movieIds.push(created.body.id);
  }
  // Tomorrow evening, so its sales are open while the tests run.
  const startsAt = new Date(Date.now() + 24 * 3600_000);
  startsAt.setUTCHours(19, 30, 0, 0);
  const price = { adult: 900, child: 650, senior: 700 };
  const showtime = await call(
    'POST',
    '/api/showtimes',
    {
      movieId: seeded.movieIds[0],
      theaterId: seeded.theaterId,
      screenId: seeded.screenId,
      startsAt: startsAt.toISOString(),
      priceTable: {
        currency: 'EUR',
        prices: { standard: price, premium: price, wheelchair: price, companion: price },
      },
    },
    adminToken,
  );
  expect(showtime.status, JSON.stringify(showtime.body)).toBe(201);
  seeded.showtimeId = showtime.body.id;
}

beforeAll(async () => {
  platform = await startConnectedPlatform({ admin });
  Object.assign(urls, platform.urls);
  running = platform.running;
  call = createApiClient(urls.edge);
  await createCatalogData();
}, 120_000);

afterAll(async () => {
  await platform?.stop();
}, 60_000);

const context = (): PlatformContext => ({
  base: urls.edge,
  admin,
  customer,
  catalog: { movies: movieInputs.length, theaters: 1, minScreens: 1 },
  demoSchedule: false,
  staff: admin,
});

describePlatformScenarios('connected platform through the edge', context);
describeBookingScenarios('connected booking through the edge', context);

describe('connected platform: processes, broker and restarts', () => {
  it("relays identity's user.registered.v1 from its outbox to RabbitMQ", async () => {
    const connection = await connect(platform.amqpUrl);
    try {
      const channel = await connection.createChannel();
      await channel.assertExchange('marquee.events', 'topic', { durable: true });
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
      await channel.bindQueue(queue, 'marquee.events', 'user.registered.v1');
      const received: ConsumeMessage[] = [];
      await channel.consume(queue, (msg) => void (msg && received.push(msg)), { noAck: true });

      const email = `events-${suffix}@example.com`;
      const reg = await call('POST', '/api/auth/register', {
        email,
        password: 'Event passphrase 7',
        name: 'Event Person',
      });
      expect(reg.status).toBe(201);
      const userId: string = reg.body.user.id;

      // Other tests may register people at the same time: look for this one.
      const message = await waitFor(
        () => received.find((m) => (JSON.parse(m.content.toString()) as Json).userId === userId),
        {
          timeoutMs: 20_000,
          describe: () => `no user.registered.v1 for ${userId} (got ${received.length} others)`,
        },
      );
      expect(message.fields.routingKey).toBe('user.registered.v1');
      expect(message.properties).toMatchObject({
        type: 'user.registered.v1',
        messageId: userId,
        contentType: 'application/json',
      });
      expect(JSON.parse(message.content.toString())).toMatchObject({
        userId,
        email,
        name: 'Event Person',
        role: 'customer',
      });
    } finally {
      await connection.close();
    }
  });

  it('stops the catalog gracefully on SIGTERM; the edge then answers 502 problem+json', async () => {
    const catalog = running.catalog!;
    const startedAt = Date.now();
    catalog.child.kill('SIGTERM');
    const exit = await Promise.race([
      catalog.exited(),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), GRACEFUL_STOP_MS)),
    ]);
    expect(exit, catalog.output()).toEqual({ code: 0, signal: null });
    expect(Date.now() - startedAt).toBeLessThan(GRACEFUL_STOP_MS);

    expect(running.edge!.child.exitCode).toBeNull();
    const res = await call('GET', '/api/movies');
    expect(res.status).toBe(502);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 502, title: 'Bad Gateway' });
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({
      identity: 'ok',
      catalog: 'failing',
      showtimes: 'ok',
      payments: 'ok',
      booking: 'ok',
    });
    // Showtimes keeps serving what it already has without the catalog.
    const showtime = await call('GET', `/api/showtimes/${seeded.showtimeId}`);
    expect(showtime.status).toBe(200);
  });

  it('restarts the catalog on the same database with nothing lost', async () => {
    await platform.start('catalog');
    await waitUntilReady(urls.edge, [running.edge!], READY_TIMEOUT_MS);

    for (const [i, id] of seeded.movieIds.entries()) {
      const movie = await call('GET', `/api/movies/${id}`);
      expect(movie.status).toBe(200);
      expect(movie.body).toMatchObject({ id, title: movieInputs[i]!.title, deletedAt: null });
    }
    const screen = await call(
      'GET',
      `/api/theaters/${seeded.theaterId}/screens/${seeded.screenId}`,
    );
    expect(screen.status).toBe(200);
    expect(screen.body).toMatchObject({ name: 'Screen 1', layoutVersion: 1, layout });
    const search = await call('GET', '/api/movies?q=cartographer');
    expect(search.body.items.map((m: Json) => m.id)).toContain(seeded.movieIds[2]);

    // The new process verifies tokens issued before it started (it fetches identity's JWKS).
    const created = await call(
      'POST',
      '/api/movies',
      { ...movieInputs[0], title: 'After the Restart' },
      adminToken,
    );
    expect(created.status).toBe(201);
  });
});
