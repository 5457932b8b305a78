// Test support for tickets: the ticket routes in-process on port 0 over a fresh PostgreSQL database
// migrated with the booking migrations, a signer with a fresh key, a clock the test moves, test
// tokens, bookings written straight into the table (tickets need one), and a small HTTP client.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createKeySetVerifier,
  createTestIssuer,
} from '@marquee/kit/auth';
import { openDatabase, type Database } from '@marquee/kit/db';
import { createRoutes, createServiceApp, listen } from '@marquee/kit/http';
import { createLogger } from '@marquee/kit/logging';
import { createTestDatabase } from '@marquee/kit/testing';
import { eq } from 'drizzle-orm';
import { bookings } from '../db/schema.ts';
import { issueTickets, type TicketRow } from '../db/tickets.repository.ts';
import type { TicketType } from '../domain/booking-states.ts';
import { createTicketSigner, type TicketSigner } from '../domain/ticket-codes.ts';
import { addTicketRoutes } from './tickets.routes.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** A signer over a newly generated P-256 key. */
export function newTicketSigner(): TicketSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return createTicketSigner({ privateKey, publicJwk: publicKey.export({ format: 'jwk' }) });
}

export interface TestClock {
  now(): Date;
  advance(seconds: number): void;
}

export function createTestClock(start = '2030-03-01T19:30:00Z'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance(seconds) {
      current = new Date(current.getTime() + seconds * 1000);
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  /** Parsed JSON for JSON answers, the raw bytes otherwise. */
  body: Json;
  bytes: Buffer;
  headers: Headers;
}

export interface SeededBooking {
  bookingId: string;
  customerId: string;
  showtimeId: string;
  tickets: TicketRow[];
}

export interface TestTickets {
  url: string;
  db: Database;
  signer: TicketSigner;
  clock: TestClock;
  tokens: { admin: string; staff: string; service: string };
  /** A fresh customer: their id and access token. */
  customer(): Promise<{ id: string; token: string }>;
  /** A confirmed booking of `seats` (adult tickets unless given) with its tickets issued. */
  seedBooking(options: {
    seats: string[];
    customerId?: string;
    showtimeId?: string;
    ticketType?: TicketType;
  }): Promise<SeededBooking>;
  call(method: string, path: string, options?: { body?: unknown; token?: string }): Promise<Reply>;
  /** POST /api/tickets/check-in as `token` (staff unless given). */
  checkIn(body: Json, token?: string): Promise<Reply>;
  close(): Promise<void>;
}

export async function startTestTickets(options: { poolMax?: number } = {}): Promise<TestTickets> {
  const testDb = await createTestDatabase('marquee_booking');
  const logger = createLogger({ service: 'tickets-test', level: 'silent' });
  const database = await openDatabase({
    url: testDb.url,
    migrationsFolder,
    logger,
    poolMax: options.poolMax ?? 10,
  });
  const db = database.db;
  const issuer = await createTestIssuer();
  const verifier = createKeySetVerifier({
    keys: issuer.jwks().keys,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
  const signer = newTicketSigner();
  const clock = createTestClock();
  const routes = createRoutes({ verifier });
  addTicketRoutes(routes, {
    db,
    signer,
    clock: clock.now,
    async customerOf(bookingId) {
      const [row] = await db
        .select({ customerId: bookings.customerId })
        .from(bookings)
        .where(eq(bookings.id, bookingId));
      return row?.customerId;
    },
  });
  const app = createServiceApp({ name: 'booking', logger, routes });
  const server = await listen(app, { port: 0 });
  const sign = (claims: Record<string, unknown>) => issuer.sign(claims, { expiresIn: '1h' });
  const staff = await sign({ role: 'staff' });

  async function call(
    method: string,
    path: string,
    callOptions: { body?: unknown; token?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (callOptions.body !== undefined) headers['content-type'] = 'application/json';
    if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      body: json ? JSON.parse(bytes.toString('utf8')) : bytes,
      bytes,
      headers: response.headers,
    };
  }

  return {
    url: server.url,
    db,
    signer,
    clock,
    tokens: {
      admin: await sign({ role: 'admin' }),
      staff,
      service: await sign({ sub: 'booking', role: 'service' }),
    },
    async customer() {
      const id = randomUUID();
      return { id, token: await sign({ sub: id, role: 'customer' }) };
    },
    async seedBooking(seed) {
      const bookingId = randomUUID();
      const customerId = seed.customerId ?? randomUUID();
      const showtimeId = seed.showtimeId ?? randomUUID();
      const now = clock.now();
      const tickets = await db.transaction(async (tx) => {
        await tx.insert(bookings).values({
          id: bookingId,
          customerId,
          showtimeId,
          holdId: randomUUID(),
          status: 'confirmed',
          currency: 'EUR',
          totalAmount: 1000 * seed.seats.length,
          paidAmount: 1000 * seed.seats.length,
          expiresAt: now,
          showtimeStartsAt: new Date(now.getTime() + 3_600_000),
          createdAt: now,
          updatedAt: now,
          confirmedAt: now,
        });
        const items = seed.seats.map((seat) => ({ seat, ticketType: seed.ticketType ?? 'adult' }));
        return issueTickets(tx, { bookingId, showtimeId, items, now }, signer);
      });
      return { bookingId, customerId, showtimeId, tickets };
    },
    call,
    checkIn: (body, token = staff) => call('POST', '/api/tickets/check-in', { body, token }),
    async close() {
      await server.close(1_000);
      await database.close();
      await testDb.drop();
    },
  };
}
