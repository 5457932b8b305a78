// The Showtimes a ShowtimeSchedule should own: a pure function of its spec and the time now.
import type {
  OwnerReference,
  ShowtimeSchedule,
  ShowtimeSpec,
  UnplacedShowtime,
} from '../kube/resources.ts';
import { API_VERSION, SCHEDULE_LABEL, SCHEDULES } from '../kube/resources.ts';
import { addDays, dayOfWeek, fromLocal, isKnownTimeZone } from '@marquee/kit/time';
import { REASONS } from './reasons.ts';

/** A schedule owns at most this many upcoming showtimes; the rest wait for later days. */
export const MAX_PLANNED = 1000;

export interface PlannedShowtime {
  name: string;
  /** Local date and time at the theater, as the name carries them. */
  local: { date: string; time: string };
  spec: ShowtimeSpec;
}

export interface ScheduleExpansion {
  planned: PlannedShowtime[];
  /** What the plan cannot hold, with why (an unknown zone, a malformed time, past the limit). */
  problems: UnplacedShowtime[];
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `<schedule>-<yyyymmdd>-<hhmm>` in the theater's local time. */
export const childName = (schedule: string, date: string, time: string) =>
  `${schedule}-${date.replaceAll('-', '')}-${time.replace(':', '')}`;

/** RFC 3339 in UTC without milliseconds, as people write it in YAML. */
const rfc3339 = (instant: Date) => instant.toISOString().replace('.000Z', 'Z');

/**
 * Every showtime of the plan that starts after `now`, earliest first. Showtimes already begun
 * are not planned: the schedule leaves them alone rather than creating or deleting history.
 */
export function expandSchedule(
  schedule: Pick<ShowtimeSchedule, 'metadata' | 'spec'>,
  now: Date,
): ScheduleExpansion {
  const { spec } = schedule;
  const problems: UnplacedShowtime[] = [];
  // A problem with no start of its own is dated at the start of the range.
  const rangeStart = DATE.test(spec.from) ? `${spec.from}T00:00:00Z` : '1970-01-01T00:00:00Z';
  if (!DATE.test(spec.from) || !DATE.test(spec.until) || spec.from > spec.until) {
    const message = `from ${spec.from} and until ${spec.until} are not a date range.`;
    return {
      planned: [],
      problems: [{ startsAt: rangeStart, reason: REASONS.InvalidSpec, message }],
    };
  }
  if (!isKnownTimeZone(spec.timeZone)) {
    const message = `timeZone ${spec.timeZone} is not a time zone this operator knows.`;
    return {
      planned: [],
      problems: [{ startsAt: rangeStart, reason: REASONS.InvalidSpec, message }],
    };
  }
  const times = [...new Set(spec.timesOfDay)].sort();
  for (const time of times.filter((t) => !TIME_OF_DAY.test(t))) {
    problems.push({
      startsAt: rangeStart,
      reason: REASONS.InvalidSpec,
      message: `timesOfDay ${time} is not a time of day as HH:MM.`,
    });
  }
  const days = new Set<string>(spec.daysOfWeek);
  const planned: PlannedShowtime[] = [];
  let beyond = 0;
  let firstBeyond: string | undefined;
  // Starting from the later of `from` and yesterday skips years of history without a loop.
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  for (
    let date = spec.from > yesterday ? spec.from : yesterday;
    date <= spec.until;
    date = addDays(date, 1)
  ) {
    if (!days.has(dayOfWeek(date))) continue;
    for (const time of times) {
      if (!TIME_OF_DAY.test(time)) continue;
      const startsAt = fromLocal(date, time, spec.timeZone);
      if (startsAt.getTime() <= now.getTime()) continue;
      if (planned.length >= MAX_PLANNED) {
        beyond += 1;
        firstBeyond ??= rfc3339(startsAt);
        continue;
      }
      planned.push({
        name: childName(schedule.metadata.name, date, time),
        local: { date, time },
        spec: childSpec(spec, startsAt),
      });
    }
    if (beyond > 0) break;
  }
  if (firstBeyond) {
    problems.push({
      startsAt: firstBeyond,
      reason: REASONS.InvalidSpec,
      message: `The schedule holds at most ${MAX_PLANNED} upcoming showtimes; later ones are created as earlier ones pass.`,
    });
  }
  return { planned, problems };
}

function childSpec(spec: ShowtimeSchedule['spec'], startsAt: Date): ShowtimeSpec {
  const child: ShowtimeSpec = {
    movieId: spec.movieId,
    theaterId: spec.theaterId,
    screenId: spec.screenId,
    startsAt: rfc3339(startsAt),
    priceTable: spec.priceTable,
    deletionPolicy: spec.deletionPolicy ?? 'Block',
  };
  if (spec.salesOpenDaysBefore !== undefined) {
    const opensAt = new Date(startsAt.getTime() - spec.salesOpenDaysBefore * 86_400_000);
    child.salesWindow = { opensAt: rfc3339(opensAt) };
  }
  return child;
}

/** The owner reference and label that make a Showtime the schedule's child. */
export function childMetadata(schedule: Pick<ShowtimeSchedule, 'metadata'>): {
  labels: Record<string, string>;
  ownerReferences: OwnerReference[];
} {
  return {
    labels: { [SCHEDULE_LABEL]: schedule.metadata.name },
    ownerReferences: [
      {
        apiVersion: API_VERSION,
        kind: SCHEDULES.kind,
        name: schedule.metadata.name,
        uid: schedule.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
}
