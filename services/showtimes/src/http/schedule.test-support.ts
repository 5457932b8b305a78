// Test support for the scheduling tests: one service with a movie and a theater in the fake
// catalog, request bodies, fresh screens, row counts, published events and held seats.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { gridLayout, type FakeScreen } from '../catalog/fake-catalog.test-support.ts';
import {
  priceTable,
  startTestShowtimes,
  type Json,
  type TestShowtimes,
} from './showtimes.test-support.ts';

export interface ScheduleFixture {
  t: TestShowtimes;
  movie: { id: string; runtimeMinutes: number };
  theaterId: string;
  /** The screen `body()` schedules on. */
  screen: FakeScreen;
  /** A new screen of its own, so tests never overlap each other's showtimes. */
  freshScreen(rows?: number, perRow?: number): FakeScreen;
  /** A valid POST/PUT body: Paper Comets (95 min) at 19:30 UTC on 5 March 2030. */
  body(overrides?: Record<string, unknown>): Record<string, unknown>;
  count(table: 'showtimes' | 'seats' | 'outbox', where?: ReturnType<typeof sql>): Promise<number>;
  /** Published events of `type` about one showtime. */
  eventsOf(type: string, showtimeId: string): { payload: unknown }[];
  /** Holds one seat as the holds service would, with a hold row, until `until`. */
  holdSeat(
    showtimeId: string,
    label: string,
    until: string,
  ): Promise<{ holdId: string; customerId: string }>;
}

export async function startScheduleFixture(): Promise<ScheduleFixture> {
  const t = await startTestShowtimes();
  const movie = t.catalog.addMovie({ title: 'Paper Comets', runtimeMinutes: 95 });
  const theaterId = t.catalog.addTheater({ timezone: 'Europe/Lisbon' }).id;
  const screen = t.catalog.addScreen(theaterId, gridLayout(3, 4));
  return {
    t,
    movie,
    theaterId,
    screen,
    freshScreen: (rows = 3, perRow = 4) => t.catalog.addScreen(theaterId, gridLayout(rows, perRow)),
    body: (overrides = {}) => ({
      movieId: movie.id,
      theaterId,
      screenId: screen.id,
      startsAt: '2030-03-05T19:30:00Z',
      priceTable: priceTable(),
      ...overrides,
    }),
    async count(table, where = sql`true`) {
      const result = (await t.db.execute(
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`,
      )) as unknown as { rows: { n: number }[] };
      return result.rows[0]!.n;
    },
    eventsOf: (type, showtimeId) =>
      t.published.filter((m) => m.type === type && (m.payload as Json).showtimeId === showtimeId),
    async holdSeat(showtimeId, label, until) {
      const holdId = randomUUID();
      const customerId = randomUUID();
      await t.db.execute(sql`
        INSERT INTO holds (id, showtime_id, customer_id, seat_labels, created_at, expires_at)
        VALUES (${holdId}, ${showtimeId}, ${customerId}, ARRAY[${label}], ${t.clock.now().toISOString()}, ${until})`);
      await t.db.execute(sql`
        UPDATE seats SET state = 'held', hold_id = ${holdId}, holder_id = ${customerId},
          held_until = ${until}, change_seq = nextval('seat_change_seq')
        WHERE showtime_id = ${showtimeId} AND label = ${label}`);
      return { holdId, customerId };
    },
  };
}
