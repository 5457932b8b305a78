// Theaters: where screens are, and the time zone their showtimes are told in.
import type { Database } from '@marquee/kit/db';
import { invalidInput, notFound } from '@marquee/kit/errors';
import { createTheatersRepository, type TheaterRecord } from '../db/theaters.repository.ts';
import type { Page, PageRequest } from './paging.ts';
import { isIanaTimeZone } from './time-zones.ts';

export interface TheaterInput {
  name: string;
  address: string;
  city: string;
  /** IANA time-zone name, e.g. Europe/Lisbon. */
  timezone: string;
}

export interface Theater extends TheaterInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface TheaterQuery extends PageRequest {
  city?: string;
}

export function toTheater(row: TheaterRecord): Theater {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    city: row.city,
    timezone: row.timezone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const theaterNotFound = (id: string) => notFound(`No theater with id ${id}.`);

// Showtimes are converted with this zone for as long as the theater exists: never store a bad one.
function assertTimeZone(timezone: string | undefined): void {
  if (timezone !== undefined && !isIanaTimeZone(timezone)) {
    throw invalidInput(`${timezone} is not a known time zone.`, [
      { field: 'timezone', message: 'must be an IANA time-zone name such as Europe/Lisbon' },
    ]);
  }
}

export function createTheatersService(deps: { db: Database }) {
  const theaters = createTheatersRepository(deps.db);

  return {
    async create(input: TheaterInput): Promise<Theater> {
      assertTimeZone(input.timezone);
      return toTheater(await theaters.insert(input));
    },

    async update(id: string, patch: Partial<TheaterInput>): Promise<Theater> {
      assertTimeZone(patch.timezone);
      const row = await theaters.update(id, patch);
      if (!row) throw theaterNotFound(id);
      return toTheater(row);
    },

    async get(id: string): Promise<Theater> {
      const row = await theaters.findById(id);
      if (!row) throw theaterNotFound(id);
      return toTheater(row);
    },

    async list(query: TheaterQuery): Promise<Page<Theater>> {
      const { rows, total } = await theaters.list(query);
      return { items: rows.map(toTheater), total, limit: query.limit, offset: query.offset };
    },
  };
}

export type TheatersService = ReturnType<typeof createTheatersService>;
