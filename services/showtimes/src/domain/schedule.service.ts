// Scheduling: create, upsert, reschedule and cancel showtimes. A showtime row, its seat rows and
// the event announcing it commit in one transaction; the database refuses overlapping showtimes on
// a screen, and this turns that refusal into a 409 naming the showtime in the way.
import type { PriceTable } from '@marquee/contracts/prices';
import { isExclusionViolation, isUniqueViolation, type Database } from '@marquee/kit/db';
import { conflict, notFound, unavailable } from '@marquee/kit/errors';
import type { CatalogClient } from '../catalog/catalog.client.ts';
import { createSeatInventoryRepository } from '../db/seat-inventory.repository.ts';
import { createShowtimesRepository, type ShowtimeRecord } from '../db/showtimes.repository.ts';
import { enqueueShowtimeEvent } from '../messaging/showtime-events.ts';
import { takeSnapshot, type SnapshotRequest } from './catalog-snapshot.ts';
import { createShowtimeReader } from './showtime-reader.ts';
import { sameInstant, type ScheduleTimings } from './showtime-rules.ts';
import type { Showtime } from './showtime-view.ts';
import {
  assertTimes,
  insertShowtime,
  updateShowtime,
  type SaveMode,
  type SaveOutcome,
  type ShowtimeDefinition,
  type Slot,
  type Written,
} from './showtime-writes.ts';

export type { SaveOutcome, ShowtimeDefinition } from './showtime-writes.ts';

export interface RescheduleInput {
  startsAt?: Date;
  salesOpenAt?: Date;
  salesCloseAt?: Date;
  priceTable?: PriceTable;
}

export interface SaveResult {
  showtime: Showtime;
  outcome: SaveOutcome;
}

export interface ScheduleDeps {
  db: Database;
  catalog: CatalogClient;
  clock: () => Date;
  timings: ScheduleTimings;
  /** Wakes the outbox relay after a commit that wrote events. */
  notifyOutbox: () => void;
  /** Told after a commit that changed a showtime's seat map. */
  onSeatsChanged?: (showtimeId: string) => void;
}

/** The showtime changed between our first look and the lock: look again. */
class ChangedMeanwhile extends Error {}

const ATTEMPTS = 3;

const basisOf = (row: ShowtimeRecord) =>
  [row.movieId, row.theaterId, row.screenId, row.layoutVersion, row.status].join('|');

/** What the catalog must tell us: only what differs from the showtime as it is. */
function snapshotNeeds(current: ShowtimeRecord | undefined, wanted: ShowtimeDefinition) {
  const request: SnapshotRequest = {};
  if (!current || current.movieId !== wanted.movieId) request.movieId = wanted.movieId;
  const moved =
    !current ||
    current.theaterId !== wanted.theaterId ||
    current.screenId !== wanted.screenId ||
    (wanted.layoutVersion !== undefined && wanted.layoutVersion !== current.layoutVersion);
  if (moved) {
    const { theaterId, screenId, layoutVersion } = wanted;
    request.screen = { theaterId, screenId, layoutVersion };
  }
  return request;
}

export function createScheduleService(deps: ScheduleDeps) {
  const { db, clock } = deps;
  const reader = createShowtimeReader(deps);

  async function overlapConflict(id: string, slot: Partial<Slot>) {
    const { screenId, startsAt, endsAt } = slot;
    const other =
      screenId && startsAt && endsAt
        ? await createShowtimesRepository(db).findOverlapping({
            screenId,
            startsAt,
            endsAt,
            exceptId: id,
          })
        : undefined;
    if (!other) {
      return conflict('The showtime would overlap another showtime on this screen.', {
        reason: 'schedule_conflict',
      });
    }
    return conflict(
      `The showtime would overlap showtime ${other.id} (${other.movieTitle}, ${other.startsAt.toISOString()} to ${other.endsAt.toISOString()}) on this screen.`,
      {
        reason: 'schedule_conflict',
        overlapping: {
          id: other.id,
          movieTitle: other.movieTitle,
          startsAt: other.startsAt.toISOString(),
          endsAt: other.endsAt.toISOString(),
        },
      },
    );
  }

  async function save(
    id: string,
    mode: SaveMode,
    define: (current: ShowtimeRecord | undefined) => ShowtimeDefinition,
  ): Promise<SaveResult> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const seen = await createShowtimesRepository(db).findById(id);
      if (!seen && mode === 'patch') throw notFound(`No showtime with id ${id}.`);
      const wanted = define(seen);
      if (!seen) assertTimes(deps, wanted, undefined);
      const snapshot = await takeSnapshot(deps.catalog, snapshotNeeds(seen, wanted));
      // Where the write puts the showtime, to name the one in the way if the database refuses it.
      const slot: Partial<Slot> = {};
      try {
        const written = await db.transaction(async (tx) => {
          if (!seen) return insertShowtime(tx, deps, id, wanted, snapshot, slot);
          const current = await createShowtimesRepository(tx).lockById(id);
          if (!current || basisOf(current) !== basisOf(seen)) throw new ChangedMeanwhile();
          return updateShowtime(tx, deps, current, define(current), snapshot, mode, slot);
        });
        if (written.outcome !== 'unchanged') {
          deps.notifyOutbox();
          if (written.seatsChanged) deps.onSeatsChanged?.(id);
        }
        return { showtime: await reader.view(written.row), outcome: written.outcome };
      } catch (err) {
        if (err instanceof ChangedMeanwhile) continue;
        // Two requests creating the same id: the loser looks again and finds the winner's row.
        if (!seen && isUniqueViolation(err)) continue;
        if (isExclusionViolation(err)) throw await overlapConflict(id, slot);
        throw err;
      }
    }
    throw unavailable(`Showtime ${id} kept changing while we wrote it; try again.`);
  }

  return {
    /** POST: a new showtime; with an `id` that exists, the same definition is a no-op, another 409. */
    schedule: (definition: ShowtimeDefinition, id: string) => save(id, 'create', () => definition),

    /** PUT: make the showtime look like this, creating it if needed; the same body twice is a no-op. */
    upsert: (id: string, definition: ShowtimeDefinition) => save(id, 'upsert', () => definition),

    /** PATCH: a new start, sales window or price table; the rest stays. */
    reschedule: (id: string, input: RescheduleInput) =>
      save(id, 'patch', (current) => {
        const existing = current as ShowtimeRecord;
        const startsAt = input.startsAt ?? existing.startsAt;
        // A window that closed at the start keeps closing at the start when the start moves.
        const closeFollowsStart = sameInstant(existing.salesCloseAt, existing.startsAt);
        return {
          movieId: existing.movieId,
          theaterId: existing.theaterId,
          screenId: existing.screenId,
          layoutVersion: existing.layoutVersion,
          startsAt,
          priceTable: input.priceTable ?? existing.priceTable,
          salesOpenAt: input.salesOpenAt ?? existing.salesOpenAt,
          salesCloseAt:
            input.salesCloseAt ?? (closeFollowsStart ? startsAt : existing.salesCloseAt),
        };
      }),

    /** Cancels; live holds end with it (seat.released.v1, reason cancelled). Twice is a no-op. */
    async cancel(id: string): Promise<SaveResult> {
      const written = await db.transaction(async (tx): Promise<Written> => {
        const current = await createShowtimesRepository(tx).lockById(id);
        if (!current) throw notFound(`No showtime with id ${id}.`);
        if (current.status === 'cancelled') {
          return { row: current, outcome: 'unchanged', seatsChanged: false };
        }
        const now = clock();
        const row = await createShowtimesRepository(tx).markCancelled(id, now);
        const ended = await createSeatInventoryRepository(tx).endHoldsOfCancelled(id, now);
        for (const { expired, ...hold } of ended) {
          await enqueueShowtimeEvent(
            tx,
            'seat.released.v1',
            { showtimeId: id, ...hold, reason: expired ? 'expired' : 'cancelled' },
            now,
          );
        }
        await enqueueShowtimeEvent(
          tx,
          'showtime.cancelled.v1',
          { showtimeId: id, cancelledAt: now.toISOString() },
          now,
        );
        return { row, outcome: 'updated', seatsChanged: ended.length > 0 };
      });
      if (written.outcome !== 'unchanged') {
        deps.notifyOutbox();
        if (written.seatsChanged) deps.onSeatsChanged?.(id);
      }
      return { showtime: await reader.view(written.row), outcome: written.outcome };
    },
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
