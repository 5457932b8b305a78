// Test support: the real catalog (demo data) and showtimes services in-process, each on a fresh
// PostgreSQL database, with a test token issuer; what the tests need from them (demo screens,
// HTTP calls, selling a seat) and stopping and restarting showtimes on the same database and port.
import { randomUUID } from 'node:crypto';
import { startCatalog } from '@marquee/catalog';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
} from '@marquee/kit/auth';
import { createInProcessBus } from '@marquee/kit/bus';
import { createLogger, type Logger } from '@marquee/kit/logging';
import type { RunningService } from '@marquee/kit/runtime';
import { createTestDatabase, type TestDatabase } from '@marquee/kit/testing';
import { startShowtimes } from '@marquee/showtimes';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface DemoScreen {
  theaterId: string;
  screenId: string;
  timeZone: string;
}

export interface Reply {
  status: number;
  body: Json;
}

export interface TestServices {
  showtimesUrl: string;
  screens: DemoScreen[];
  movieId: string;
  tokens: { admin: string; service: string };
  logger: Logger;
  sign(claims: Record<string, unknown>): Promise<string>;
  /** Calls showtimes (a path) or any URL. */
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<Reply>;
  /** Holds one seat of the showtime for a customer and sells it, as booking does; the hold's id. */
  sellSeat(showtimeId: string): Promise<string>;
  stopShowtimes(): Promise<void>;
  /** Starts showtimes again on the same database and port, so its URL stays the same. */
  startShowtimesAgain(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServices(prefix: string): Promise<TestServices> {
  const [catalogDb, showtimesDb] = (await Promise.all([
    createTestDatabase(`marquee_op_${prefix}_catalog`),
    createTestDatabase(`marquee_op_${prefix}_showtimes`),
  ])) as [TestDatabase, TestDatabase];
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const logger = createLogger({ service: 'operator-test', level: 'silent' });
  const bus = createInProcessBus({ logger });
  const common = { verifier, logger, handleSignals: false, shared: { bus } };
  const env = (db: TestDatabase, extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...extra,
  });
  const catalog = await startCatalog(env(catalogDb), { ...common, seedDemoData: true });
  let showtimes: RunningService | undefined = await startShowtimes(
    env(showtimesDb, { CATALOG_URL: catalog.url }),
    common,
  );
  const showtimesPort = showtimes.port;
  const showtimesUrl = showtimes.url;
  const sign = (claims: Record<string, unknown>) => issuer.sign(claims, { expiresIn: '1h' });
  const tokens = {
    admin: await sign({ sub: randomUUID(), role: 'admin' }),
    service: await sign({ sub: 'operator', role: 'service' }),
  };

  const call: TestServices['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(path.startsWith('http') ? path : `${showtimesUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const theaters = (await call('GET', `${catalog.url}/api/theaters`)).body.items as Json[];
  const screens: DemoScreen[] = [];
  for (const theater of theaters) {
    const list = (await call('GET', `${catalog.url}/api/theaters/${theater.id}/screens`)).body;
    for (const screen of list.items ?? list) {
      screens.push({ theaterId: theater.id, screenId: screen.id, timeZone: theater.timezone });
    }
  }
  const movies = (await call('GET', `${catalog.url}/api/movies`)).body.items as Json[];

  return {
    showtimesUrl,
    screens,
    movieId: movies[0].id as string,
    tokens,
    logger,
    sign,
    call,
    async sellSeat(showtimeId) {
      const map = await call('GET', `/api/showtimes/${showtimeId}/seats`);
      // Some demo screens have no standard seats; wheelchair and companion seats have rules.
      const seat = (map.body.seats as Json[]).find(
        (s) => ['standard', 'premium'].includes(s.category) && s.state === 'available',
      );
      const hold = await call('POST', `/api/showtimes/${showtimeId}/holds`, {
        token: tokens.service,
        body: { seats: [seat.label], customerId: randomUUID() },
      });
      if (hold.status !== 201) throw new Error(`hold refused: ${JSON.stringify(hold.body)}`);
      const sold = await call('POST', `/api/holds/${hold.body.holdId}/confirm`, {
        token: tokens.service,
        body: { bookingRef: `test-${randomUUID().slice(0, 8)}` },
      });
      if (sold.status !== 200) throw new Error(`confirm refused: ${JSON.stringify(sold.body)}`);
      return hold.body.holdId as string;
    },
    async stopShowtimes() {
      await showtimes?.stop();
      showtimes = undefined;
    },
    async startShowtimesAgain() {
      showtimes = await startShowtimes(
        env(showtimesDb, { CATALOG_URL: catalog.url, PORT: String(showtimesPort) }),
        common,
      );
    },
    async close() {
      await showtimes?.stop();
      await catalog.stop();
      await bus.close();
      await Promise.all([catalogDb.drop(), showtimesDb.drop()]);
    },
  };
}
