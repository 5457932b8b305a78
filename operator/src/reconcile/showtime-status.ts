// A Showtime's status as a pure function of the status it has and what the reconcile observed.
import type { Condition, SeatCounts, ShowtimePhase, ShowtimeStatus } from '../kube/resources.ts';
import { findCondition, mergeConditions, type ConditionInput } from './conditions.ts';
import { REASONS, type Reason } from './reasons.ts';
import type { ShowtimeView } from './showtimes-client.ts';

export type ShowtimeObservation =
  /** The showtime is scheduled as the spec asks. */
  | { outcome: 'provisioned'; showtime: ShowtimeView }
  /** Cancelled (by the spec, or in the showtimes service); `showtime` when it exists there. */
  | { outcome: 'cancelled'; showtime?: ShowtimeView }
  /** Deleting, but tickets are sold for a show that has not passed (deletion policy Block). */
  | { outcome: 'blocked'; showtime: ShowtimeView }
  | { outcome: 'failed'; reason: Reason; message: string; temporary: boolean };

export interface ObservedShowtime {
  generation: number;
  deleting: boolean;
  now: Date;
  observation: ShowtimeObservation;
}

export const READY = 'Ready';
export const INVENTORY = 'InventoryProvisioned';

const seatsOf = (view: ShowtimeView): SeatCounts => ({
  total: view.counts.total,
  available: view.counts.available,
  held: view.counts.held,
  sold: view.counts.sold,
});

function fromView(view: ShowtimeView): ShowtimeStatus {
  return {
    showtimeId: view.id,
    movieTitle: view.movieTitle,
    screenName: view.screenId,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    seats: seatsOf(view),
  };
}

function conditionsFor(
  current: ShowtimeStatus | undefined,
  observed: ObservedShowtime,
): ConditionInput[] {
  const { observation, generation } = observed;
  const condition = (
    type: string,
    status: Condition['status'],
    reason: Reason,
    message: string,
  ): ConditionInput => ({ type, status, reason, message, observedGeneration: generation });
  switch (observation.outcome) {
    case 'provisioned': {
      const message = 'The showtime is scheduled in the showtimes service with its seats.';
      return [
        condition(READY, 'True', REASONS.Provisioned, message),
        condition(INVENTORY, 'True', REASONS.Provisioned, message),
      ];
    }
    case 'cancelled': {
      const message = observation.showtime
        ? 'The showtime is cancelled: its holds ended and booking refunds its tickets.'
        : 'The showtime is cancelled; it was never scheduled in the showtimes service.';
      return [
        condition(READY, 'False', REASONS.Cancelled, message),
        condition(INVENTORY, 'False', REASONS.Cancelled, message),
      ];
    }
    case 'blocked': {
      const { sold } = observation.showtime.counts;
      const tickets = sold === 1 ? '1 ticket is' : `${sold} tickets are`;
      const message =
        `Deletion waits: ${tickets} sold for a show that has not ended (deletionPolicy Block). ` +
        'It goes once the show is over or the tickets are refunded; deletionPolicy Cancel cancels and refunds now.';
      const inventory = findCondition(current?.conditions, INVENTORY);
      return [
        condition(READY, 'False', REASONS.BlockedBySales, message),
        inventory
          ? { ...inventory, observedGeneration: inventory.observedGeneration ?? generation }
          : condition(INVENTORY, 'True', REASONS.Provisioned, 'The showtime has its seats.'),
      ];
    }
    case 'failed': {
      const { reason, message, temporary } = observation;
      const inventory = findCondition(current?.conditions, INVENTORY);
      // The inventory of this very generation still exists while the service is out of reach.
      const keepInventory =
        temporary && inventory?.status === 'True' && inventory.observedGeneration === generation;
      return [
        condition(READY, 'False', reason, message),
        keepInventory && inventory
          ? { ...inventory, observedGeneration: generation }
          : condition(INVENTORY, 'False', reason, message),
      ];
    }
  }
}

function phaseOf(current: ShowtimeStatus | undefined, observed: ObservedShowtime): ShowtimePhase {
  if (observed.deleting) return 'Deleting';
  if (observed.observation.outcome === 'cancelled') return 'Cancelled';
  if (observed.observation.outcome === 'provisioned') return 'Scheduled';
  return current?.phase === 'Cancelled' ? 'Cancelled' : 'Scheduled';
}

export function buildShowtimeStatus(
  current: ShowtimeStatus | undefined,
  observed: ObservedShowtime,
): ShowtimeStatus {
  const { observation, now } = observed;
  const view = 'showtime' in observation ? observation.showtime : undefined;
  const next: ShowtimeStatus = {
    ...current,
    ...(view ? fromView(view) : {}),
    observedGeneration: observed.generation,
    phase: phaseOf(current, observed),
    conditions: mergeConditions(current?.conditions, conditionsFor(current, observed), now),
  };
  if (view) next.lastSyncedAt = now.toISOString();
  return next;
}
