// Wall-clock time in a theater's time zone with Intl alone: the instant a local date and time
// falls on, daylight saving included, and the calendar arithmetic a schedule needs.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone the runtime does not know: the caller reports it.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `YYYY-MM-DD` and `HH:MM` on a wall clock in `timeZone` at `instant`. */
export function toLocal(instant: Date, timeZone: string): { date: string; time: string } {
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

const wallMs = (date: string, time: string) => {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
};

/** Minutes-precise offset of the zone from UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const local = toLocal(new Date(instant), timeZone);
  return wallMs(local.date, local.time) - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant a wall clock in `timeZone` shows `date` `time`, as Temporal's 'compatible'
 * disambiguation: a time that happens twice (clocks going back) is the earlier one; a time that
 * never happens (clocks going forward) is moved later by the length of the jump, so 01:30 on the
 * night Lisbon skips from 01:00 to 02:00 is 02:30 local.
 */
export function fromLocal(date: string, time: string, timeZone: string): Date {
  const wall = wallMs(date, time);
  // The offsets in force a day either side cover every transition a day can hold.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  for (const candidate of candidates) {
    const local = toLocal(new Date(candidate), timeZone);
    if (local.date === date && local.time === time) return new Date(candidate);
  }
  // Skipped: read with the offset from before the jump, the wall time lands just after it.
  return new Date(wall - before);
}

/** The calendar date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** `Mon`..`Sun` of a calendar date. */
export function dayOfWeek(date: string): (typeof WEEKDAYS)[number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as (typeof WEEKDAYS)[number];
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
