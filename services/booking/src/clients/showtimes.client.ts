// What booking asks of showtimes: the showtime's prices, the customer's hold, and the moves of a
// hold through a booking's life (extend, confirm, release, re-take, return sold seats).
import { SeatCategory } from '@marquee/contracts/layouts';
import { priceTableSchema } from '@marquee/contracts/prices';
import { unavailable } from '@marquee/kit/errors';
import { z } from 'zod';
import type { Upstream } from './upstream.ts';

const showtimeSchema = z.object({
  id: z.uuid(),
  status: z.string(),
  startsAt: z.iso.datetime(),
  priceTable: priceTableSchema,
});
export type ShowtimeForBooking = z.output<typeof showtimeSchema>;

const holdSchema = z.object({
  holdId: z.uuid(),
  showtimeId: z.uuid(),
  customerId: z.uuid(),
  seats: z.array(z.string()),
  status: z.enum(['active', 'released', 'expired', 'confirmed']),
  expiresAt: z.iso.datetime(),
  seatCategories: z.record(z.string(), SeatCategory),
});
export type HoldForBooking = z.output<typeof holdSchema>;

/** A refusal by showtimes (4xx) that the saga acts on, with the problem document's words. */
export interface Refusal {
  status: number;
  detail: string;
  holdStatus?: string;
  reason?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

function refusalOf(status: number, body: unknown): Refusal {
  const problem = (body ?? {}) as { detail?: string; holdStatus?: string; reason?: string };
  return {
    status,
    detail: problem.detail ?? `showtimes answered ${status}`,
    holdStatus: problem.holdStatus,
    reason: problem.reason,
  };
}

/** 2xx parsed; 4xx a refusal; anything else means showtimes could not answer now. */
function outcome<T>(
  reply: { status: number; body: unknown },
  parse: (b: unknown) => T,
): Outcome<T> {
  if (reply.status >= 200 && reply.status < 300) return { ok: true, value: parse(reply.body) };
  if (reply.status >= 400 && reply.status < 500) {
    return { ok: false, refusal: refusalOf(reply.status, reply.body) };
  }
  throw unavailable('The showtimes service could not answer; please try again.');
}

export function createShowtimesClient(http: Upstream) {
  const id = encodeURIComponent;
  return {
    async getShowtime(showtimeId: string): Promise<Outcome<ShowtimeForBooking>> {
      return outcome(await http.call('GET', `/api/showtimes/${id(showtimeId)}`), (b) =>
        showtimeSchema.parse(b),
      );
    },
    async getHold(holdId: string): Promise<Outcome<HoldForBooking>> {
      return outcome(await http.call('GET', `/api/holds/${id(holdId)}`), (b) =>
        holdSchema.parse(b),
      );
    },
    async extendHold(holdId: string): Promise<Outcome<{ expiresAt: string }>> {
      return outcome(await http.call('POST', `/api/holds/${id(holdId)}/extend`), (b) =>
        z.object({ expiresAt: z.iso.datetime() }).parse(b),
      );
    },
    async confirmHold(holdId: string, bookingRef: string): Promise<Outcome<{ seats: string[] }>> {
      return outcome(
        await http.call('POST', `/api/holds/${id(holdId)}/confirm`, { body: { bookingRef } }),
        (b) => z.object({ seats: z.array(z.string()) }).parse(b),
      );
    },
    async releaseHold(holdId: string): Promise<Outcome<void>> {
      return outcome(await http.call('DELETE', `/api/holds/${id(holdId)}`), () => undefined);
    },
    /** The same seats again for the customer, when the first hold ran out unsold. */
    async holdOnBehalf(
      showtimeId: string,
      customerId: string,
      seats: string[],
    ): Promise<Outcome<{ holdId: string; expiresAt: string }>> {
      return outcome(
        await http.call('POST', `/api/showtimes/${id(showtimeId)}/holds`, {
          body: { seats, customerId },
        }),
        (b) => z.object({ holdId: z.uuid(), expiresAt: z.iso.datetime() }).parse(b),
      );
    },
    /** Sold seats back on sale (cancellation, refund); returning them again changes nothing. */
    async returnSeats(
      holdId: string,
      seats: string[],
      reason: 'cancelled' | 'refunded',
    ): Promise<Outcome<{ returned: string[] }>> {
      return outcome(
        await http.call('POST', `/api/holds/${id(holdId)}/return`, { body: { seats, reason } }),
        (b) => z.object({ returned: z.array(z.string()) }).parse(b),
      );
    },
  };
}

export type ShowtimesClient = ReturnType<typeof createShowtimesClient>;
