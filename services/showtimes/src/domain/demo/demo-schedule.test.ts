// The demo schedule plan: sensible local times in each theater's zone, no overlaps on a screen,
// only released films, nothing in the past, prices in the city's currency.
import { describe, expect, it } from 'vitest';
import { toLocal } from '@marquee/kit/time';
import { planDemoSchedule, type DemoTheater } from './demo-schedule.ts';

const timings = { trailerMinutes: 20, cleaningMinutes: 15 };
// Melbourne's clocks go back on 7 April 2030 and Chicago's forward on 10 March: both fall inside.
const now = new Date('2030-03-28T09:00:00Z');
const theaters: DemoTheater[] = [
  { id: 'lisbon', timeZone: 'Europe/Lisbon', screens: [{ id: 'l1' }, { id: 'l2' }] },
  { id: 'chicago', timeZone: 'America/Chicago', screens: [{ id: 'c1' }] },
  {
    id: 'melbourne',
    timeZone: 'Australia/Melbourne',
    screens: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }],
  },
];
const movies = [
  { id: 'long', runtimeMinutes: 167, releaseDate: '2030-01-10' },
  { id: 'short', runtimeMinutes: 81, releaseDate: '2030-02-01' },
  { id: 'middle', runtimeMinutes: 118, releaseDate: '2030-03-20' },
  { id: 'soon', runtimeMinutes: 100, releaseDate: '2030-04-04' },
];
const plan = planDemoSchedule({ theaters, movies, now, days: 14, timings });
const zoneOf = (theaterId: string) => theaters.find((t) => t.id === theaterId)!.timeZone;

describe('planDemoSchedule', () => {
  it('fills two weeks with several shows per screen and day', () => {
    const days = new Map<string, number>();
    for (const show of plan) {
      const zone = zoneOf(show.theaterId);
      const date = toLocal(show.startsAt, zone).date;
      // The first day may have started already; every later one is full.
      if (date === toLocal(now, zone).date) continue;
      days.set(`${show.screenId} ${date}`, (days.get(`${show.screenId} ${date}`) ?? 0) + 1);
    }
    expect(days.size).toBe(6 * 13);
    expect(Math.min(...days.values())).toBeGreaterThanOrEqual(4);
    expect(plan.every((show) => show.startsAt > now)).toBe(true);
  });

  it('starts shows between 10:45 and 22:45 local time, on quarter hours, never overlapping', () => {
    for (const show of plan) {
      const { time } = toLocal(show.startsAt, zoneOf(show.theaterId));
      expect(time >= '10:45' && time <= '22:45', `${show.screenId} ${time}`).toBe(true);
      expect(Number(time.slice(3)) % 15).toBe(0);
    }
    for (const screen of theaters.flatMap((t) => t.screens)) {
      const shows = plan.filter((s) => s.screenId === screen.id);
      for (let i = 1; i < shows.length; i++) {
        expect(shows[i]!.startsAt.getTime()).toBeGreaterThanOrEqual(shows[i - 1]!.endsAt.getTime());
      }
    }
  });

  it('shows a film only from its release date, and rotates films between screens', () => {
    for (const show of plan) {
      const movie = movies.find((m) => m.id === show.movieId)!;
      expect(toLocal(show.startsAt, zoneOf(show.theaterId)).date >= movie.releaseDate).toBe(true);
    }
    expect(new Set(plan.map((s) => s.movieId))).toEqual(new Set(movies.map((m) => m.id)));
  });

  it("prices in the theater's currency, with cheaper matinees", () => {
    const currencyOf = (theaterId: string) =>
      new Set(plan.filter((s) => s.theaterId === theaterId).map((s) => s.priceTable.currency));
    expect(currencyOf('lisbon')).toEqual(new Set(['EUR']));
    expect(currencyOf('chicago')).toEqual(new Set(['USD']));
    expect(currencyOf('melbourne')).toEqual(new Set(['AUD']));
    const melbourne = plan.filter((s) => s.theaterId === 'melbourne');
    const adult = (local: (time: string) => boolean) =>
      melbourne.find((s) => local(toLocal(s.startsAt, 'Australia/Melbourne').time))!.priceTable
        .prices.standard.adult;
    expect(adult((time) => time < '17:00')).toBeLessThan(adult((time) => time >= '17:00'));
    for (const show of plan) {
      const { prices } = show.priceTable;
      expect(prices.premium.adult).toBeGreaterThan(prices.standard.adult);
      expect(prices.wheelchair).toEqual(prices.standard);
    }
  });
});
