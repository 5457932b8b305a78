// Reading the schedule: one showtime or a page of them, each with seat counts at the clock's now.
import type { Queryable } from '@marquee/kit/db';
import { notFound } from '@marquee/kit/errors';
import { createSeatInventoryRepository, EMPTY_COUNTS } from '../db/seat-inventory.repository.ts';
import {
  createShowtimesRepository,
  type ShowtimeListCriteria,
  type ShowtimeRecord,
} from '../db/showtimes.repository.ts';
import { toShowtime, type Showtime } from './showtime-view.ts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ShowtimeQuery {
  movieId?: string;
  theaterId?: string;
  /** Local date (YYYY-MM-DD) in each showtime's theater's time zone. */
  date?: string;
  status: ShowtimeListCriteria['status'];
  limit: number;
  offset: number;
}

export function createShowtimeReader(deps: { db: Queryable; clock: () => Date }) {
  const showtimes = createShowtimesRepository(deps.db);
  const seats = createSeatInventoryRepository(deps.db);

  async function viewAll(rows: ShowtimeRecord[]): Promise<Showtime[]> {
    const counts = await seats.counts(
      rows.map((row) => row.id),
      deps.clock(),
    );
    return rows.map((row) => toShowtime(row, counts.get(row.id) ?? EMPTY_COUNTS));
  }

  return {
    async view(row: ShowtimeRecord): Promise<Showtime> {
      const [showtime] = await viewAll([row]);
      return showtime as Showtime;
    },

    async get(id: string): Promise<Showtime> {
      const row = await showtimes.findById(id);
      if (!row) throw notFound(`No showtime with id ${id}.`);
      const [showtime] = await viewAll([row]);
      return showtime as Showtime;
    },

    /** Without a date, the showtimes that have not started yet; with one, that whole local day. */
    async list(query: ShowtimeQuery): Promise<Page<Showtime>> {
      const { rows, total } = await showtimes.list({
        ...query,
        from: query.date ? undefined : deps.clock(),
      });
      return { items: await viewAll(rows), total, limit: query.limit, offset: query.offset };
    },
  };
}

export type ShowtimeReader = ReturnType<typeof createShowtimeReader>;
