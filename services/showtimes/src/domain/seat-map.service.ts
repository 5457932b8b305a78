// The seat map of a showtime: every seat with its category, prices and state at the clock's now,
// and a version that changes whenever any of that does (docs/decisions/0005-seat-map-cache.md).
// Rendered maps are cached under (showtime, version); the version always comes from PostgreSQL,
// so a cache that is stale, empty or unreachable can cost a database read but never a wrong map.
import type { SeatCategory } from '@marquee/contracts/layouts';
import type { PriceTable } from '@marquee/contracts/prices';
import { cacheKey, type Cache } from '@marquee/kit/cache';
import type { Database } from '@marquee/kit/db';
import { notFound } from '@marquee/kit/errors';
import type { Logger } from '@marquee/kit/logging';
import { createSeatInventoryRepository, type SeatMapRow } from '../db/seat-inventory.repository.ts';
import { createReadRounds } from './read-rounds.ts';
import { resolveSeatState, type SeatState } from './seat-rules.ts';

export interface SeatMapSeat {
  label: string;
  row: string;
  position: number;
  category: SeatCategory;
  state: SeatState;
  prices: { adult: number; child: number; senior: number };
}

export interface SeatMap {
  showtimeId: string;
  version: number;
  currency: string;
  seats: SeatMapSeat[];
}

/** A changed map comes as its JSON text, serialised once per version and process. */
export type SeatMapResult =
  { notModified: true; version: number } | { notModified: false; version: number; json: string };

export interface SeatMapDeps {
  db: Database;
  cache: Cache;
  clock: () => Date;
  ttlSeconds: number;
  logger?: Logger;
}

/** The only place seat-map cache keys are built: `showtime:<id>:seats:<version>`. */
export const seatMapCacheKey = (showtimeId: string, version: number) =>
  cacheKey('showtime', showtimeId, 'seats', version);

export const etagOf = (version: number) => `"${version}"`;

/** Whether an If-None-Match header names this version (weak or strong, or `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, version: number): boolean {
  if (!ifNoneMatch) return false;
  const wanted = etagOf(version);
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === wanted);
}

/** max(change_seq) * 10000 + holds run out by `now`: see seat-inventory.repository.ts. */
export function versionOf(rows: readonly SeatMapRow[], now: Date): number {
  let maxSeq = 0;
  let expired = 0;
  for (const row of rows) {
    if (row.changeSeq > maxSeq) maxSeq = row.changeSeq;
    if (row.state === 'held' && row.heldUntil && row.heldUntil.getTime() <= now.getTime()) {
      expired += 1;
    }
  }
  return maxSeq * 10_000 + expired;
}

// Front row first: rows named A..Z then AA.. (or 1..9 then 10..) sort by length, then by name.
const byRowThenPosition = (a: SeatMapRow, b: SeatMapRow) =>
  a.row.length - b.row.length ||
  (a.row < b.row ? -1 : a.row > b.row ? 1 : 0) ||
  a.position - b.position;

export function renderSeatMap(
  showtimeId: string,
  priceTable: PriceTable,
  rows: readonly SeatMapRow[],
  now: Date,
): SeatMap {
  return {
    showtimeId,
    version: versionOf(rows, now),
    currency: priceTable.currency,
    seats: [...rows].sort(byRowThenPosition).map((row) => ({
      label: row.label,
      row: row.row,
      position: row.position,
      category: row.category,
      state: resolveSeatState(row.state, row.heldUntil, now),
      prices: { ...priceTable.prices[row.category] },
    })),
  };
}

interface Rendered {
  version: number;
  json: string;
  map: SeatMap;
}

/** Bounded: only an optimisation (dropping entries early), so forgetting some costs nothing. */
const REMEMBERED_KEYS = 5_000;
/** Showtimes whose latest rendered JSON this process keeps; a forgotten one is rendered again. */
const RENDERED_SHOWTIMES = 500;

export function createSeatMapService(deps: SeatMapDeps) {
  const { db, cache } = deps;
  const lastKeys = new Map<string, string>();
  // The map of a (showtime, version) never changes (the version moves with every seat, price and
  // hold running out), so its JSON can be kept in process like the cached map in Redis: both are
  // only served after PostgreSQL has said which version is current.
  const rendered = new Map<string, Rendered>();
  // Concurrent requests share version queries, each answered by one that began after it arrived.
  const currentVersion = createReadRounds((showtimeId) =>
    createSeatInventoryRepository(db).version(showtimeId, deps.clock()),
  );
  // Concurrent misses for one (showtime, version) share a single Redis read or render.
  const inFlight = new Map<string, Promise<Rendered>>();

  function keep(showtimeId: string, fresh: Rendered) {
    const current = rendered.get(showtimeId);
    if (current && current.version > fresh.version) return;
    rendered.delete(showtimeId);
    rendered.set(showtimeId, fresh);
    if (rendered.size > RENDERED_SHOWTIMES) rendered.delete(rendered.keys().next().value as string);
  }

  function remember(showtimeId: string, key: string) {
    lastKeys.delete(showtimeId);
    lastKeys.set(showtimeId, key);
    if (lastKeys.size > REMEMBERED_KEYS) lastKeys.delete(lastKeys.keys().next().value as string);
  }

  /** Price table and seat rows from one snapshot, so the version matches what is rendered. */
  async function load(showtimeId: string, now: Date): Promise<SeatMap> {
    const loaded = await createSeatInventoryRepository(db).seatMapSource(showtimeId);
    if (!loaded) throw notFound(`No showtime with id ${showtimeId}.`);
    return renderSeatMap(showtimeId, loaded.priceTable, loaded.rows, now);
  }

  /** The map at `version` (from Redis) or, on a miss, rendered now (at that version or later). */
  async function fetchOrRender(
    showtimeId: string,
    version: number | undefined,
    now: Date,
  ): Promise<Rendered> {
    if (version !== undefined) {
      const hit = await cache.get<SeatMap>(seatMapCacheKey(showtimeId, version));
      if (hit) return { version, json: JSON.stringify(hit), map: hit };
    }
    const seatMap = await load(showtimeId, now);
    const key = seatMapCacheKey(showtimeId, seatMap.version);
    await cache.set(key, seatMap, deps.ttlSeconds);
    remember(showtimeId, key);
    return { version: seatMap.version, json: JSON.stringify(seatMap), map: seatMap };
  }

  /** The current map, or undefined when PostgreSQL says it is the one named by If-None-Match. */
  async function current(showtimeId: string, ifNoneMatch?: string) {
    const now = deps.clock();
    const version = await currentVersion(showtimeId);
    if (version !== undefined) {
      if (matchesEtag(ifNoneMatch, version)) return { notModified: true as const, version };
      const mine = rendered.get(showtimeId);
      if (mine?.version === version) return mine;
    }
    // Without a version (no seats) there is nothing to share: load() answers 404 or an empty map.
    if (version === undefined) return fetchOrRender(showtimeId, version, now);
    const flightKey = `${showtimeId}:${version}`;
    let flight = inFlight.get(flightKey);
    if (!flight) {
      flight = fetchOrRender(showtimeId, version, now).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
    }
    const fresh = await flight;
    keep(showtimeId, fresh);
    return fresh;
  }

  return {
    async get(showtimeId: string, ifNoneMatch?: string): Promise<SeatMapResult> {
      const found = await current(showtimeId, ifNoneMatch);
      if ('notModified' in found) return found;
      return { notModified: false, version: found.version, json: found.json };
    },

    /** The current map as data (shared with `get`, so a rush costs one render per version). */
    async snapshot(showtimeId: string): Promise<SeatMap> {
      const found = await current(showtimeId);
      if ('notModified' in found) throw new Error('unreachable: no If-None-Match was given');
      return found.map;
    },

    /**
     * Called after a commit that changed the showtime's seats: drops the entry cached for the old
     * version early. Correctness does not depend on it (a new version has a new key).
     */
    onSeatsChanged(showtimeId: string): void {
      const key = lastKeys.get(showtimeId);
      if (!key) return;
      lastKeys.delete(showtimeId);
      cache.del(key).catch((err: unknown) => deps.logger?.debug({ err }, 'seat map cache del'));
    },
  };
}

export type SeatMapService = ReturnType<typeof createSeatMapService>;
