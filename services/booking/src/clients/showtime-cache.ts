// What booking read of a showtime (prices, start, status), kept for SHOWTIME_CACHE_SECONDS so a
// rush of bookings on one showtime asks showtimes once, not once per booking. showtime.cancelled
// and showtime.rescheduled drop the entry at once; a price change is seen within the TTL. Showtimes
// itself still refuses to sell the seats of a cancelled showtime (docs/booking.md, Performance).
import { createMemoryCache } from '@marquee/kit/cache';
import type { Outcome, ShowtimeForBooking, ShowtimesClient } from './showtimes.client.ts';

export interface CachedShowtimesClient extends ShowtimesClient {
  /** Forget what was read of this showtime: the next booking asks showtimes again. */
  forgetShowtime(showtimeId: string): void;
}

export function withShowtimeCache(
  client: ShowtimesClient,
  options: { ttlSeconds: number; now: () => number; maxEntries?: number },
): CachedShowtimesClient {
  const cache = createMemoryCache({ now: options.now, maxEntries: options.maxEntries ?? 2_000 });
  return {
    ...client,
    async getShowtime(showtimeId: string): Promise<Outcome<ShowtimeForBooking>> {
      if (options.ttlSeconds === 0) return client.getShowtime(showtimeId);
      const known = await cache.get<ShowtimeForBooking>(showtimeId);
      if (known) return { ok: true, value: known };
      const read = await client.getShowtime(showtimeId);
      // Refusals (no such showtime) are not kept: it may be created a moment later.
      if (read.ok) await cache.set(showtimeId, read.value, options.ttlSeconds);
      return read;
    },
    forgetShowtime(showtimeId: string) {
      void cache.del(showtimeId);
    },
  };
}
