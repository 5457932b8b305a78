// The demo schedule, planned without I/O: for each screen and each local day, shows back to back
// from late morning to late evening in the theater's own time zone, never overlapping, with the
// films rotating between screens and days. Only films released by the day are shown.
import type { PriceTable } from '@marquee/contracts/prices';
import { addDays, fromLocal, toLocal } from '@marquee/kit/time';
import { endsAtFor, type ScheduleTimings } from '../showtime-rules.ts';
import { demoPriceTable } from './demo-prices.ts';

export interface DemoMovie {
  id: string;
  runtimeMinutes: number;
  /** YYYY-MM-DD */
  releaseDate: string;
}

export interface DemoScreen {
  id: string;
}

export interface DemoTheater {
  id: string;
  timeZone: string;
  screens: DemoScreen[];
}

export interface PlannedShowtime {
  movieId: string;
  theaterId: string;
  screenId: string;
  startsAt: Date;
  endsAt: Date;
  priceTable: PriceTable;
}

export interface DemoPlanOptions {
  theaters: DemoTheater[];
  movies: DemoMovie[];
  now: Date;
  days: number;
  timings: ScheduleTimings;
}

/** First shows of the day, staggered so a theater's screens do not all let out at once. */
const FIRST_SHOWS = ['11:00', '11:30', '12:15', '10:45', '12:45'];
/** No show starts later than this (local). */
const LAST_START = '22:45';
const MATINEE_BEFORE = '17:00';
const QUARTER_HOUR = 15 * 60_000;

const roundUpToQuarter = (instant: Date) =>
  new Date(Math.ceil(instant.getTime() / QUARTER_HOUR) * QUARTER_HOUR);

function screenDay(
  theater: DemoTheater,
  screenIndex: number,
  date: string,
  showing: DemoMovie[],
  options: DemoPlanOptions,
): PlannedShowtime[] {
  const screen = theater.screens[screenIndex] as DemoScreen;
  const first = FIRST_SHOWS[screenIndex % FIRST_SHOWS.length] as string;
  const dayNumber = Number(date.replaceAll('-', '')) % 97;
  const planned: PlannedShowtime[] = [];
  let startsAt = fromLocal(date, first, theater.timeZone);
  for (let show = 0; ; show++) {
    const local = toLocal(startsAt, theater.timeZone);
    if (local.date !== date || local.time > LAST_START) break;
    const movie = showing[(screenIndex * 3 + dayNumber + show) % showing.length] as DemoMovie;
    const endsAt = endsAtFor(startsAt, movie.runtimeMinutes, options.timings);
    if (startsAt.getTime() > options.now.getTime()) {
      planned.push({
        movieId: movie.id,
        theaterId: theater.id,
        screenId: screen.id,
        startsAt,
        endsAt,
        priceTable: demoPriceTable(theater.timeZone, local.time < MATINEE_BEFORE),
      });
    }
    startsAt = roundUpToQuarter(endsAt);
  }
  return planned;
}

/** Every demo showtime from today (local) for `days` days; shows already started are left out. */
export function planDemoSchedule(options: DemoPlanOptions): PlannedShowtime[] {
  const planned: PlannedShowtime[] = [];
  // A stable order, so the rotation below is the same for the same catalog.
  const movies = [...options.movies].sort(
    (a, b) => b.releaseDate.localeCompare(a.releaseDate) || a.id.localeCompare(b.id),
  );
  for (const theater of options.theaters) {
    const today = toLocal(options.now, theater.timeZone).date;
    for (let day = 0; day < options.days; day++) {
      const date = addDays(today, day);
      const showing = movies.filter((movie) => movie.releaseDate <= date);
      if (showing.length === 0) continue;
      theater.screens.forEach((_, screenIndex) => {
        planned.push(...screenDay(theater, screenIndex, date, showing, options));
      });
    }
  }
  return planned;
}
