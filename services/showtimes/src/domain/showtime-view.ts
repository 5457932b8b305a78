// How a showtime is shown to callers: instants in ISO 8601 plus the local date and time in the
// theater's zone, and seat counts derived from the seat rows.
import type { PriceTable } from '@marquee/contracts/prices';
import type { SeatCounts } from '../db/seat-inventory.repository.ts';
import type { ShowtimeRecord } from '../db/showtimes.repository.ts';
import { toLocal, type LocalDateTime } from '@marquee/kit/time';

export interface Showtime {
  id: string;
  movieId: string;
  movieTitle: string;
  runtimeMinutes: number;
  theaterId: string;
  screenId: string;
  layoutVersion: number;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  /** Date and time of the start on the theater's wall clock. */
  local: LocalDateTime;
  priceTable: PriceTable;
  salesOpenAt: string;
  salesCloseAt: string;
  status: 'scheduled' | 'cancelled';
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
  counts: SeatCounts;
}

export function toShowtime(row: ShowtimeRecord, counts: SeatCounts): Showtime {
  return {
    id: row.id,
    movieId: row.movieId,
    movieTitle: row.movieTitle,
    runtimeMinutes: row.runtimeMinutes,
    theaterId: row.theaterId,
    screenId: row.screenId,
    layoutVersion: row.layoutVersion,
    timeZone: row.timeZone,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    local: toLocal(row.startsAt, row.timeZone),
    priceTable: row.priceTable,
    salesOpenAt: row.salesOpenAt.toISOString(),
    salesCloseAt: row.salesCloseAt.toISOString(),
    status: row.status,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    counts,
  };
}
