import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withShowtimeCache } from './showtime-cache.ts';
import type { Outcome, ShowtimeForBooking, ShowtimesClient } from './showtimes.client.ts';

/** A showtimes client that answers from a table and counts what it was asked. */
function countingClient(known: Map<string, ShowtimeForBooking>) {
  const asked: string[] = [];
  const client = {
    async getShowtime(id: string): Promise<Outcome<ShowtimeForBooking>> {
      asked.push(id);
      const showtime = known.get(id);
      return showtime
        ? { ok: true, value: structuredClone(showtime) }
        : { ok: false, refusal: { status: 404, detail: 'no such showtime' } };
    },
  } as unknown as ShowtimesClient;
  return { client, asked };
}

const showtime = (startsAt: string): ShowtimeForBooking => ({
  id: randomUUID(),
  status: 'scheduled',
  startsAt,
  priceTable: { currency: 'EUR', prices: [] } as unknown as ShowtimeForBooking['priceTable'],
});

describe('withShowtimeCache', () => {
  it('asks showtimes once per showtime within the TTL, and again after it', async () => {
    const s = showtime('2030-01-01T18:00:00.000Z');
    const { client, asked } = countingClient(new Map([[s.id, s]]));
    let now = 0;
    const cached = withShowtimeCache(client, { ttlSeconds: 10, now: () => now });
    expect(await cached.getShowtime(s.id)).toEqual({ ok: true, value: s });
    now = 9_999;
    expect(await cached.getShowtime(s.id)).toEqual({ ok: true, value: s });
    expect(asked).toHaveLength(1);
    now = 10_000;
    await cached.getShowtime(s.id);
    expect(asked).toHaveLength(2);
  });

  it('forgets a showtime on request, so the next read sees its change', async () => {
    const s = showtime('2030-01-01T18:00:00.000Z');
    const table = new Map([[s.id, s]]);
    const { client } = countingClient(table);
    const cached = withShowtimeCache(client, { ttlSeconds: 60, now: () => 0 });
    await cached.getShowtime(s.id);
    table.set(s.id, { ...s, startsAt: '2030-01-02T18:00:00.000Z' });
    const stale = await cached.getShowtime(s.id);
    expect(stale.ok && stale.value.startsAt).toBe('2030-01-01T18:00:00.000Z');
    cached.forgetShowtime(s.id);
    const fresh = await cached.getShowtime(s.id);
    expect(fresh.ok && fresh.value.startsAt).toBe('2030-01-02T18:00:00.000Z');
  });

  it('keeps no refusal, and nothing at all with a TTL of 0', async () => {
    const s = showtime('2030-01-01T18:00:00.000Z');
    const table = new Map<string, ShowtimeForBooking>();
    const { client, asked } = countingClient(table);
    const cached = withShowtimeCache(client, { ttlSeconds: 60, now: () => 0 });
    expect((await cached.getShowtime(s.id)).ok).toBe(false);
    table.set(s.id, s);
    expect((await cached.getShowtime(s.id)).ok).toBe(true);

    const uncached = withShowtimeCache(client, { ttlSeconds: 0, now: () => 0 });
    await uncached.getShowtime(s.id);
    await uncached.getShowtime(s.id);
    expect(asked).toHaveLength(4);
  });
});
