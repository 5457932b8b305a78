// Pure rules of the schedule: when a showtime ends, what its sales window defaults to, what makes
// a schedule acceptable, and what a new definition changes about an existing showtime.
import type { PriceTable } from '@marquee/contracts/prices';
import type { FieldProblem } from '@marquee/kit/errors';
import { isDeepStrictEqual } from 'node:util';

export interface ScheduleTimings {
  trailerMinutes: number;
  cleaningMinutes: number;
}

const MINUTE = 60_000;

/** The room is busy from the start through the trailers, the film and the cleaning after it. */
export function endsAtFor(startsAt: Date, runtimeMinutes: number, timings: ScheduleTimings): Date {
  const minutes = runtimeMinutes + timings.trailerMinutes + timings.cleaningMinutes;
  return new Date(startsAt.getTime() + minutes * MINUTE);
}

/** Latest moment tickets may be sold: while the trailers run, late-comers can still buy. */
export function latestSalesClose(startsAt: Date, timings: ScheduleTimings): Date {
  return new Date(startsAt.getTime() + timings.trailerMinutes * MINUTE);
}

export interface ScheduleTimes {
  startsAt: Date;
  salesOpenAt: Date;
  salesCloseAt: Date;
}

/**
 * Problems with a showtime's times. `startMoved` says whether the start is new (a creation or a
 * reschedule): only a new start must lie in the future, so re-sending an existing showtime that
 * has already begun stays a harmless no-op.
 */
export function checkScheduleTimes(
  times: ScheduleTimes,
  context: { now: Date; startMoved: boolean; timings: ScheduleTimings },
): FieldProblem[] {
  if (context.startMoved && times.startsAt.getTime() <= context.now.getTime()) {
    // The window's defaults follow the start: judging them against a past start only confuses.
    return [{ field: 'body.startsAt', message: 'must be in the future' }];
  }
  const problems: FieldProblem[] = [];
  if (times.salesOpenAt.getTime() >= times.salesCloseAt.getTime()) {
    problems.push({ field: 'body.salesOpenAt', message: 'must be before salesCloseAt' });
  }
  const latest = latestSalesClose(times.startsAt, context.timings);
  if (times.salesCloseAt.getTime() > latest.getTime()) {
    problems.push({
      field: 'body.salesCloseAt',
      message: `must be no later than the end of the trailers (${context.timings.trailerMinutes} minutes after startsAt)`,
    });
  }
  return problems;
}

/** Where a showtime plays: changing any of these means other seats. */
export interface Placement {
  theaterId: string;
  screenId: string;
  layoutVersion: number;
}

export const samePlacement = (a: Placement, b: Placement) =>
  a.theaterId === b.theaterId && a.screenId === b.screenId && a.layoutVersion === b.layoutVersion;

export const samePrices = (a: PriceTable, b: PriceTable) => isDeepStrictEqual(a, b);

export const sameInstant = (a: Date, b: Date) => a.getTime() === b.getTime();
