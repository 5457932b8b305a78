// Seat events written to the outbox in the transaction that changes the seats (each payload is
// checked against the published contract first), and the signals sent once that commits.
import {
  showtimeEventSchemas,
  type ShowtimeEventPayload,
  type ShowtimeEventType,
} from '@marquee/contracts/showtime-events';
import type { Queryable } from '@marquee/kit/db';
import type { BusMessage } from '@marquee/kit/bus';
import { enqueueEvent, prepareEvent } from '@marquee/kit/outbox';
import type { HoldsDeps } from './holds.service.ts';

type SeatEventType = Extract<ShowtimeEventType, `seat.${string}`>;

/** The checked outbox row of a seat event, for a statement that writes it with its change. */
export function prepareSeatEvent<T extends SeatEventType>(
  type: T,
  payload: ShowtimeEventPayload<T>,
): BusMessage {
  return prepareEvent({ type, payload: showtimeEventSchemas[type].parse(payload) });
}

export async function enqueueSeatEvent<T extends SeatEventType>(
  tx: Queryable,
  type: T,
  payload: ShowtimeEventPayload<T>,
): Promise<void> {
  const schema = showtimeEventSchemas[type];
  await enqueueEvent(tx, { type, payload: schema.parse(payload) });
}

export interface ReleasedSeats {
  showtimeId: string;
  holdId: string;
  customerId: string;
  seats: string[];
}

/** Groups freed seats by the hold that had them: one `seat.released.v1` per hold. */
export function groupByHold(
  freed: readonly { showtimeId: string; label: string; holdId: string; holderId: string }[],
): ReleasedSeats[] {
  const groups = new Map<string, ReleasedSeats>();
  for (const seat of freed) {
    const group = groups.get(seat.holdId);
    if (group) group.seats.push(seat.label);
    else
      groups.set(seat.holdId, {
        showtimeId: seat.showtimeId,
        holdId: seat.holdId,
        customerId: seat.holderId,
        seats: [seat.label],
      });
  }
  return [...groups.values()];
}

export async function enqueueReleased(
  tx: Queryable,
  released: ReleasedSeats,
  reason: ShowtimeEventPayload<'seat.released.v1'>['reason'],
): Promise<void> {
  if (released.seats.length === 0) return;
  await enqueueSeatEvent(tx, 'seat.released.v1', { ...released, reason });
}

/** After a commit that changed seats: wake the relay and tell whoever shows seats. Never throws. */
export function seatsCommitted(deps: HoldsDeps, showtimeIds: readonly string[]): void {
  deps.notifyOutbox();
  for (const showtimeId of new Set(showtimeIds)) {
    try {
      deps.onSeatsChanged?.(showtimeId);
    } catch (err) {
      deps.logger.warn({ err, showtimeId }, 'seat change listener failed');
    }
  }
}
