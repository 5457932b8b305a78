// The writes behind scheduling, each inside the caller's transaction: a new showtime with its seat
// rows and scheduled event, or an existing one brought to a new definition (new seats when it
// moves, a rescheduled event when its times move). schedule.service.ts runs them.
import type { PriceTable } from '@marquee/contracts/prices';
import type { Queryable } from '@marquee/kit/db';
import { conflict, invalidInput } from '@marquee/kit/errors';
import { createSeatInventoryRepository } from '../db/seat-inventory.repository.ts';
import {
  createShowtimesRepository,
  type ShowtimeChange,
  type ShowtimeRecord,
} from '../db/showtimes.repository.ts';
import { enqueueShowtimeEvent } from '../messaging/showtime-events.ts';
import type { Snapshot } from './catalog-snapshot.ts';
import {
  checkScheduleTimes,
  endsAtFor,
  sameInstant,
  samePlacement,
  samePrices,
  type ScheduleTimings,
} from './showtime-rules.ts';

/** What a caller asks for; optional times default as docs/showtimes.md describes. */
export interface ShowtimeDefinition {
  movieId: string;
  theaterId: string;
  screenId: string;
  startsAt: Date;
  priceTable: PriceTable;
  salesOpenAt?: Date;
  salesCloseAt?: Date;
  /** A layout version of the screen; the current one for a new screen, the kept one otherwise. */
  layoutVersion?: number;
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';
/** POST creates (an existing id must match), PUT creates or updates, PATCH only updates. */
export type SaveMode = 'create' | 'upsert' | 'patch';

export interface Written {
  row: ShowtimeRecord;
  outcome: SaveOutcome;
  seatsChanged: boolean;
}

/** Where and when a write puts a showtime: what an overlap is looked up by. */
export interface Slot {
  screenId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface WriteContext {
  clock: () => Date;
  timings: ScheduleTimings;
}

/** The times a definition gives, with their defaults filled in. */
function timesOf(wanted: ShowtimeDefinition, current: ShowtimeRecord | undefined, now: Date) {
  return {
    startsAt: wanted.startsAt,
    salesOpenAt: wanted.salesOpenAt ?? current?.salesOpenAt ?? now,
    salesCloseAt: wanted.salesCloseAt ?? wanted.startsAt,
  };
}

/** Throws a 400 naming each time field at fault. */
export function assertTimes(
  ctx: WriteContext,
  wanted: ShowtimeDefinition,
  current: ShowtimeRecord | undefined,
) {
  const now = ctx.clock();
  const startMoved = !current || !sameInstant(current.startsAt, wanted.startsAt);
  const problems = checkScheduleTimes(timesOf(wanted, current, now), {
    now,
    startMoved,
    timings: ctx.timings,
  });
  if (problems.length > 0) {
    const first = problems[0]!;
    throw invalidInput(
      problems.length === 1
        ? `${first.field} ${first.message}.`
        : `The request has ${problems.length} invalid fields.`,
      problems,
    );
  }
}

/** A new showtime, its seats and `showtime.scheduled.v1`; `slot` is filled in before the insert. */
export async function insertShowtime(
  tx: Queryable,
  ctx: WriteContext,
  id: string,
  wanted: ShowtimeDefinition,
  snapshot: Snapshot,
  slot: Partial<Slot>,
): Promise<Written> {
  const { movie, screen } = snapshot;
  if (!movie || !screen) throw new Error('a new showtime needs its movie and screen snapshot');
  assertTimes(ctx, wanted, undefined);
  const now = ctx.clock();
  const endsAt = endsAtFor(wanted.startsAt, movie.runtimeMinutes, ctx.timings);
  Object.assign(slot, { screenId: wanted.screenId, startsAt: wanted.startsAt, endsAt });
  const row = await createShowtimesRepository(tx).insert({
    id,
    movieId: wanted.movieId,
    theaterId: wanted.theaterId,
    screenId: wanted.screenId,
    ...movie,
    timeZone: screen.timeZone,
    layoutVersion: screen.layoutVersion,
    ...timesOf(wanted, undefined, now),
    endsAt,
    priceTable: wanted.priceTable,
    createdAt: now,
    updatedAt: now,
  });
  await createSeatInventoryRepository(tx).provision([id], screen.seats);
  await enqueueShowtimeEvent(
    tx,
    'showtime.scheduled.v1',
    {
      showtimeId: id,
      movieId: row.movieId,
      theaterId: row.theaterId,
      screenId: row.screenId,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      capacity: screen.seats.length,
    },
    now,
  );
  return { row, outcome: 'created', seatsChanged: true };
}

/**
 * Brings `current` (locked) to `wanted`. Nothing to change: no write at all. `slot` is filled in
 * before the update, so an overlap can be named.
 */
export async function updateShowtime(
  tx: Queryable,
  ctx: WriteContext,
  current: ShowtimeRecord,
  wanted: ShowtimeDefinition,
  snapshot: Snapshot,
  mode: SaveMode,
  slot: Partial<Slot>,
): Promise<Written> {
  const now = ctx.clock();
  const movie = snapshot.movie ?? current;
  const screen = snapshot.screen;
  const desired = {
    movieId: wanted.movieId,
    movieTitle: movie.movieTitle,
    runtimeMinutes: movie.runtimeMinutes,
    theaterId: screen ? wanted.theaterId : current.theaterId,
    screenId: screen ? wanted.screenId : current.screenId,
    layoutVersion: screen?.layoutVersion ?? current.layoutVersion,
    timeZone: screen?.timeZone ?? current.timeZone,
    ...timesOf(wanted, current, now),
    endsAt: endsAtFor(wanted.startsAt, movie.runtimeMinutes, ctx.timings),
    priceTable: wanted.priceTable,
  };
  const movieChanged = desired.movieId !== current.movieId;
  const placementChanged = !samePlacement(desired, current);
  const startChanged = !sameInstant(desired.startsAt, current.startsAt);
  const endChanged = !sameInstant(desired.endsAt, current.endsAt);
  const pricesChanged = !samePrices(desired.priceTable, current.priceTable);
  const windowChanged =
    !sameInstant(desired.salesOpenAt, current.salesOpenAt) ||
    !sameInstant(desired.salesCloseAt, current.salesCloseAt);
  if (
    !movieChanged &&
    !placementChanged &&
    !startChanged &&
    !endChanged &&
    !pricesChanged &&
    !windowChanged
  ) {
    return { row: current, outcome: 'unchanged', seatsChanged: false };
  }
  if (mode === 'create') {
    throw conflict(
      `A showtime with id ${current.id} already exists with other details; PUT /api/showtimes/${current.id} changes it.`,
      { reason: 'id_exists' },
    );
  }
  if (current.status === 'cancelled') {
    throw conflict(`Showtime ${current.id} is cancelled and can no longer be changed.`, {
      reason: 'showtime_cancelled',
    });
  }
  assertTimes(ctx, wanted, current);
  const seats = createSeatInventoryRepository(tx);
  if (movieChanged || placementChanged) {
    const taken = await seats.countTaken(current.id, now);
    if (taken > 0) {
      throw conflict(
        `Showtime ${current.id} has ${taken} held or sold ${taken === 1 ? 'seat' : 'seats'}: it cannot move to another screen or layout, nor show another movie.`,
        { reason: 'seats_taken', heldOrSold: taken },
      );
    }
  }
  const change: ShowtimeChange = desired;
  Object.assign(slot, {
    screenId: desired.screenId,
    startsAt: desired.startsAt,
    endsAt: desired.endsAt,
  });
  const row = await createShowtimesRepository(tx).update(current.id, change, now);
  if (placementChanged && screen) {
    await seats.removeAll(current.id);
    await seats.provision([current.id], screen.seats);
  } else if (pricesChanged) {
    await seats.touch(current.id);
  }
  if (startChanged || endChanged) {
    await enqueueShowtimeEvent(
      tx,
      'showtime.rescheduled.v1',
      {
        showtimeId: current.id,
        previousStartsAt: current.startsAt.toISOString(),
        startsAt: row.startsAt.toISOString(),
        endsAt: row.endsAt.toISOString(),
      },
      now,
    );
  }
  return { row, outcome: 'updated', seatsChanged: placementChanged || pricesChanged };
}
