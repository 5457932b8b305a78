// What the operator sends to `PUT /api/showtimes/{id}` for a Showtime: a pure function of the spec.
import type { PriceTable } from '@marquee/contracts/prices';
import type { ShowtimeSpec } from '../kube/resources.ts';

export interface ShowtimeRequest {
  movieId: string;
  theaterId: string;
  screenId: string;
  startsAt: string;
  priceTable: PriceTable;
  salesOpenAt?: string;
  salesCloseAt?: string;
}

/**
 * The body of the upsert. An unset sales window is left out, so the showtimes service applies
 * its defaults (open now, close at the start) and keeps an open time it already has.
 */
export function buildShowtimeRequest(spec: ShowtimeSpec): ShowtimeRequest {
  const request: ShowtimeRequest = {
    movieId: spec.movieId,
    theaterId: spec.theaterId,
    screenId: spec.screenId,
    startsAt: spec.startsAt,
    priceTable: spec.priceTable,
  };
  if (spec.salesWindow?.opensAt) request.salesOpenAt = spec.salesWindow.opensAt;
  if (spec.salesWindow?.closesAt) request.salesCloseAt = spec.salesWindow.closesAt;
  return request;
}
