// Wall-clock time in a place's time zone, with Intl alone (no time-zone database of our own).
export {
  addDays,
  dayOfWeek,
  fromLocal,
  isKnownTimeZone,
  toLocal,
  type LocalDateTime,
  type Weekday,
} from './local-time.ts';
