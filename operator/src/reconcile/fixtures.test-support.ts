// Test support: Showtime and ShowtimeSchedule objects and showtimes-service answers for unit tests.
import type { PriceTable } from '@marquee/contracts/prices';
import type { Showtime, ShowtimeSchedule, ShowtimeSpec } from '../kube/resources.ts';
import type { ShowtimeView } from './showtimes-client.ts';

const prices = { adult: 900, child: 650, senior: 700 };
export const priceTable: PriceTable = {
  currency: 'EUR',
  prices: { standard: prices, premium: prices, wheelchair: prices, companion: prices },
};

export const ids = {
  movie: '0b6c3a39-7a86-4a47-b6bb-5e1f3e1bd001',
  theater: '0b6c3a39-7a86-4a47-b6bb-5e1f3e1bd002',
  screen: '0b6c3a39-7a86-4a47-b6bb-5e1f3e1bd003',
  uid: '0b6c3a39-7a86-4a47-b6bb-5e1f3e1bd004',
};

export function showtimeSpec(overrides: Partial<ShowtimeSpec> = {}): ShowtimeSpec {
  return {
    movieId: ids.movie,
    theaterId: ids.theater,
    screenId: ids.screen,
    startsAt: '2030-03-05T19:30:00Z',
    priceTable,
    ...overrides,
  };
}

export function showtime(overrides: Partial<Showtime> = {}): Showtime {
  return {
    apiVersion: 'cinema.marquee.dev/v1alpha1',
    kind: 'Showtime',
    metadata: {
      name: 'paper-comets',
      namespace: 'default',
      uid: ids.uid,
      resourceVersion: '1',
      generation: 1,
    },
    spec: showtimeSpec(),
    ...overrides,
  };
}

export function view(overrides: Partial<ShowtimeView> = {}): ShowtimeView {
  return {
    id: ids.uid,
    movieTitle: 'Paper Comets',
    screenId: ids.screen,
    startsAt: '2030-03-05T19:30:00.000Z',
    endsAt: '2030-03-05T21:40:00.000Z',
    status: 'scheduled',
    counts: { total: 120, available: 100, held: 4, sold: 16, blocked: 0 },
    ...overrides,
  };
}

export function schedule(spec: Partial<ShowtimeSchedule['spec']> = {}): ShowtimeSchedule {
  return {
    apiVersion: 'cinema.marquee.dev/v1alpha1',
    kind: 'ShowtimeSchedule',
    metadata: {
      name: 'comets-march',
      namespace: 'default',
      uid: '0b6c3a39-7a86-4a47-b6bb-5e1f3e1bd005',
      resourceVersion: '1',
      generation: 1,
    },
    spec: {
      movieId: ids.movie,
      theaterId: ids.theater,
      screenId: ids.screen,
      timesOfDay: ['18:30', '21:15'],
      daysOfWeek: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
      from: '2030-03-01',
      until: '2030-03-31',
      timeZone: 'Europe/Lisbon',
      priceTable,
      ...spec,
    },
  };
}
