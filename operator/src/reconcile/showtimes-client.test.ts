// Each refusal of the showtimes service becomes a temporary or permanent error with its reason.
import { describe, expect, it } from 'vitest';
import { PermanentError, TemporaryError } from './errors.ts';
import { classifyShowtimesFailure, type Problem } from './showtimes-client.ts';

describe('classifyShowtimesFailure', () => {
  it('makes overlaps, refused moves and unknown catalog references permanent', () => {
    const cases: [number, Problem, string][] = [
      [409, { reason: 'schedule_conflict', detail: 'overlaps X' }, 'ScheduleConflict'],
      [409, { reason: 'seats_taken', detail: '3 sold' }, 'ScreenChangeRefused'],
      [409, { reason: 'showtime_cancelled' }, 'Cancelled'],
      [422, { errors: [{ field: 'body.movieId', message: 'no such movie' }] }, 'MovieNotFound'],
      [422, { errors: [{ field: 'body.screenId', message: 'no such screen' }] }, 'LayoutNotFound'],
      [
        422,
        {
          errors: [
            { field: 'body.movieId', message: 'x' },
            { field: 'body.theaterId', message: 'y' },
          ],
        },
        'LayoutNotFound',
      ],
      [400, { detail: 'body.startsAt must lie in the future.' }, 'InvalidSpec'],
    ];
    for (const [status, problem, reason] of cases) {
      const error = classifyShowtimesFailure(status, problem);
      expect(error, `${status} ${JSON.stringify(problem)}`).toBeInstanceOf(PermanentError);
      expect(error.reason).toBe(reason);
    }
  });

  it('carries the service’s own words in the message', () => {
    expect(
      classifyShowtimesFailure(409, { reason: 'schedule_conflict', detail: 'overlaps X' }).message,
    ).toBe('overlaps X');
  });

  it('retries outages, unknown conflicts and token trouble, with Retry-After when given', () => {
    for (const status of [500, 502, 503, 429, 401, 403]) {
      const error = classifyShowtimesFailure(status, undefined);
      expect(error).toBeInstanceOf(TemporaryError);
      expect(error.reason).toBe('ShowtimesUnavailable');
    }
    expect(classifyShowtimesFailure(409, { reason: 'something_new' })).toBeInstanceOf(
      TemporaryError,
    );
    const later = classifyShowtimesFailure(503, { detail: 'catalog down' }, 7);
    expect(later).toBeInstanceOf(TemporaryError);
    expect((later as TemporaryError).delayMs).toBe(7000);
  });
});
