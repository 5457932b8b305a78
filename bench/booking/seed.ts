// What the booking benchmark needs before the clock starts, made through the edge as an admin and
// as customers would: a theater with screens, a movie, showtimes on sale, registered customers.
import { uniqueSuffix } from '@marquee/kit/testing';
import type { Reply } from '../lib/load.ts';

export type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Reply>;

export interface Customer {
  id: string;
  auth: Record<string, string>;
}

export interface Screen {
  rows: number;
  seatsPerRow: number;
}

/** The parsed body of an answer with the expected status; anything else stops the benchmark. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function expectStatus(reply: Reply, status: number, what: string): any {
  if (reply.status !== status)
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${reply.body.slice(0, 500)}`);
  return reply.body ? JSON.parse(reply.body) : undefined;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function loginAdmin(call: Call, admin: { email: string; password: string }) {
  const session = expectStatus(await call('POST', '/api/auth/login', admin), 200, 'admin login');
  return bearer(session.accessToken as string);
}

const layoutOf = (screen: Screen) => ({
  rows: Array.from({ length: screen.rows }, (_, r) => {
    const name = String.fromCharCode(65 + r);
    return {
      name,
      seats: Array.from({ length: screen.seatsPerRow }, (_, s) => ({
        label: `${name}${s + 1}`,
        category: 'standard',
      })),
    };
  }),
});

/**
 * `count` showtimes spread over `screens` screens of one theater, three hours apart from tomorrow
 * on, so none overlaps another on its screen and sales are open (they open at creation).
 */
export async function createShowtimes(
  call: Call,
  admin: Record<string, string>,
  options: { screens: number; screen: Screen; count: number },
): Promise<string[]> {
  const theater = expectStatus(
    await call(
      'POST',
      '/api/theaters',
      {
        name: `Bench Picture House ${uniqueSuffix()}`,
        address: '1 Benchmark Row',
        city: 'Porto',
        timezone: 'Europe/Lisbon',
      },
      admin,
    ),
    201,
    'create theater',
  );
  const screenIds: string[] = [];
  for (let i = 0; i < options.screens; i++) {
    const screen = expectStatus(
      await call(
        'POST',
        `/api/theaters/${theater.id}/screens`,
        { name: `Screen ${i + 1}`, layout: layoutOf(options.screen) },
        admin,
      ),
      201,
      'create screen',
    );
    screenIds.push(screen.id);
  }
  const movie = expectStatus(
    await call(
      'POST',
      '/api/movies',
      {
        title: `The Long Queue ${uniqueSuffix()}`,
        synopsis: 'Thousands of people try to buy two seats at the same moment.',
        runtimeMinutes: 100,
        rating: 'PG',
        genres: ['drama'],
        cast: ['Ada Bench'],
        releaseDate: '2026-01-01',
      },
      admin,
    ),
    201,
    'create movie',
  );
  const firstStart = new Date(Date.now() + 24 * 3600_000);
  firstStart.setUTCMinutes(0, 0, 0);
  const price = { adult: 900, child: 650, senior: 700 };
  const priceTable = {
    currency: 'EUR',
    prices: { standard: price, premium: price, wheelchair: price, companion: price },
  };
  const ids: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const slot = Math.floor(i / options.screens);
    const showtime = expectStatus(
      await call(
        'POST',
        '/api/showtimes',
        {
          movieId: movie.id,
          theaterId: theater.id,
          screenId: screenIds[i % options.screens],
          startsAt: new Date(firstStart.getTime() + slot * 3 * 3600_000).toISOString(),
          priceTable,
        },
        admin,
      ),
      201,
      'create showtime',
    );
    ids.push(showtime.id);
  }
  return ids;
}

/** Registers `count` customers through the edge, `parallel` at a time (identity hashes with argon2id). */
export async function registerCustomers(
  call: Call,
  count: number,
  parallel = 4,
): Promise<Customer[]> {
  const customers: Customer[] = [];
  const run = async (): Promise<void> => {
    while (customers.length + running < count) {
      running++;
      const email = `bench-${uniqueSuffix()}@example.com`;
      const session = expectStatus(
        await call('POST', '/api/auth/register', {
          email,
          password: 'Customer passphrase 42',
          name: 'Bench Customer',
        }),
        201,
        'register customer',
      );
      running--;
      customers.push({ id: session.user.id, auth: bearer(session.accessToken) });
    }
  };
  let running = 0;
  await Promise.all(Array.from({ length: parallel }, run));
  return customers;
}
