// When a showtime ends and which schedule times are acceptable.
import { describe, expect, it } from 'vitest';
import { checkScheduleTimes, endsAtFor, latestSalesClose } from './showtime-rules.ts';

const timings = { trailerMinutes: 20, cleaningMinutes: 15 };
const now = new Date('2030-03-01T12:00:00Z');
const start = new Date('2030-03-05T19:30:00Z');
const at = (iso: string) => new Date(iso);

describe('endsAtFor', () => {
  it('adds the trailers, the film and the cleaning to the start', () => {
    expect(endsAtFor(start, 95, timings).toISOString()).toBe('2030-03-05T21:40:00.000Z');
    expect(endsAtFor(start, 95, { trailerMinutes: 0, cleaningMinutes: 0 }).toISOString()).toBe(
      '2030-03-05T21:05:00.000Z',
    );
  });
});

describe('checkScheduleTimes', () => {
  const check = (
    times: { salesOpenAt: Date; salesCloseAt: Date; startsAt?: Date },
    startMoved = true,
  ) => checkScheduleTimes({ startsAt: start, ...times }, { now, startMoved, timings });

  it('accepts a window that opens now and closes at the start or during the trailers', () => {
    expect(check({ salesOpenAt: now, salesCloseAt: start })).toEqual([]);
    expect(check({ salesOpenAt: now, salesCloseAt: latestSalesClose(start, timings) })).toEqual([]);
  });

  it('refuses a new start in the past, but not an unchanged one', () => {
    const past = {
      startsAt: at('2030-02-01T19:00:00Z'),
      salesOpenAt: at('2030-01-01T00:00:00Z'),
      salesCloseAt: at('2030-02-01T19:00:00Z'),
    };
    expect(check(past)).toEqual([{ field: 'body.startsAt', message: 'must be in the future' }]);
    expect(check(past, false)).toEqual([]);
  });

  it('names the window field at fault', () => {
    expect(check({ salesOpenAt: start, salesCloseAt: start }).map((p) => p.field)).toEqual([
      'body.salesOpenAt',
    ]);
    expect(
      check({ salesOpenAt: now, salesCloseAt: at('2030-03-05T19:51:00Z') }).map((p) => p.field),
    ).toEqual(['body.salesCloseAt']);
  });
});
