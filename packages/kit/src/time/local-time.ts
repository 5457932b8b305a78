// Wall-clock time in a theater's time zone: what date and time a showtime is "at" for the people
// going to it, and the instant a local date and time falls on (daylight saving included).

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm, 24-hour */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockParts(instant: Date, timeZone: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return parts;
}

/** The date and time on a wall clock in `timeZone` at `instant`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const p = wallClockParts(instant, timeZone);
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Milliseconds the zone is ahead of UTC at `instant` (Melbourne in January: +11 h). */
function offsetAt(instant: Date, timeZone: string): number {
  const p = wallClockParts(instant, timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant a wall clock in `timeZone` shows `date` `time`. A time skipped by a daylight-saving
 * jump resolves to the instant just after the jump (02:30 on a spring-forward night is 03:30); a
 * time that happens twice takes the first.
 */
export function fromLocal(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force just before and just after; keep the candidate the clock agrees with.
  const offsets = [
    offsetAt(new Date(wall - 86_400_000), timeZone),
    offsetAt(new Date(wall + 86_400_000), timeZone),
  ];
  const candidates = [...new Set(offsets)].map((offset) => wall - offset).sort((a, b) => a - b);
  for (const candidate of candidates) {
    const local = toLocal(new Date(candidate), timeZone);
    if (local.date === date && local.time === time) return new Date(candidate);
  }
  // Skipped by a jump forward: the same wall time read with the earlier offset lands after it.
  return new Date(wall - Math.min(...offsets));
}

/** The calendar date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `Mon`..`Sun` of a calendar date (YYYY-MM-DD). */
export function dayOfWeek(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as Weekday;
}

/** Whether the runtime knows the IANA zone (Intl throws RangeError for one it does not). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
