// A ShowtimeSchedule's status as a pure function of its plan and the children that exist: how
// many it created, the next one to start, and those it could not place (with why).
import type { Showtime, ShowtimeScheduleStatus, UnplacedShowtime } from '../kube/resources.ts';
import { findCondition, mergeConditions } from './conditions.ts';
import { PLACEMENT_FAILURES, REASONS } from './reasons.ts';
import type { PlannedShowtime } from './schedule-expansion.ts';
import { READY } from './showtime-status.ts';

export const MAX_UNPLACED = 100;

export interface ObservedSchedule {
  generation: number;
  now: Date;
  planned: readonly PlannedShowtime[];
  /** Problems of the plan itself (see expandSchedule). */
  problems: readonly UnplacedShowtime[];
  /** The Showtimes the schedule owns now. */
  children: readonly Showtime[];
}

export function buildScheduleStatus(
  current: ShowtimeScheduleStatus | undefined,
  observed: ObservedSchedule,
): ShowtimeScheduleStatus {
  const { now, generation } = observed;
  const live = observed.children.filter((c) => !c.metadata.deletionTimestamp);
  const unplaced: UnplacedShowtime[] = [...observed.problems];
  let waiting = 0;
  let next: string | undefined;
  for (const child of live) {
    const ready = findCondition(child.status?.conditions, READY);
    if (ready && PLACEMENT_FAILURES.has(ready.reason)) {
      unplaced.push({
        startsAt: child.spec.startsAt,
        reason: ready.reason,
        message: ready.message,
      });
      continue;
    }
    const cancelled = child.spec.cancelled === true || ready?.reason === REASONS.Cancelled;
    if (!cancelled && ready?.status !== 'True') waiting += 1;
    const startsAt = new Date(child.spec.startsAt);
    if (!cancelled && startsAt > now && (!next || startsAt < new Date(next))) {
      next = child.spec.startsAt;
    }
  }
  const existing = new Set(live.map((c) => c.metadata.name));
  const missing = observed.planned.filter((p) => !existing.has(p.name)).length;
  unplaced.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const total = unplaced.length;
  // The CRD keeps at most MAX_UNPLACED entries; the condition gives the full count.
  unplaced.splice(MAX_UNPLACED);

  const ready =
    total > 0
      ? {
          status: 'False' as const,
          reason: REASONS.ShowtimesUnplaced,
          message: `${total} planned ${total === 1 ? 'showtime' : 'showtimes'} could not be placed; status.unplaced says why.`,
        }
      : waiting + missing > 0
        ? {
            status: 'False' as const,
            reason: REASONS.Provisioning,
            message: 'Showtimes of the schedule are being created and provisioned.',
          }
        : {
            status: 'True' as const,
            reason: REASONS.Provisioned,
            message: 'Every planned showtime is scheduled.',
          };
  const status: ShowtimeScheduleStatus = {
    observedGeneration: generation,
    created: live.length,
    unplaced,
    conditions: mergeConditions(
      current?.conditions,
      [{ type: READY, observedGeneration: generation, ...ready }],
      now,
    ),
  };
  if (next) status.next = next;
  return status;
}
