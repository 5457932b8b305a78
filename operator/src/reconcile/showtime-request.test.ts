// The upsert body follows the spec field by field; an unset sales window is left to the service.
import { describe, expect, it } from 'vitest';
import { ids, priceTable, showtimeSpec } from './fixtures.test-support.ts';
import { buildShowtimeRequest } from './showtime-request.ts';

describe('buildShowtimeRequest', () => {
  it('sends the placement, start and prices, and no sales window when none is set', () => {
    expect(
      buildShowtimeRequest(showtimeSpec({ cancelled: false, deletionPolicy: 'Cancel' })),
    ).toEqual({
      movieId: ids.movie,
      theaterId: ids.theater,
      screenId: ids.screen,
      startsAt: '2030-03-05T19:30:00Z',
      priceTable,
    });
  });

  it('maps the sales window to salesOpenAt and salesCloseAt, each only when set', () => {
    const both = buildShowtimeRequest(
      showtimeSpec({
        salesWindow: { opensAt: '2030-03-01T09:00:00Z', closesAt: '2030-03-05T19:00:00Z' },
      }),
    );
    expect(both.salesOpenAt).toBe('2030-03-01T09:00:00Z');
    expect(both.salesCloseAt).toBe('2030-03-05T19:00:00Z');
    const openOnly = buildShowtimeRequest(
      showtimeSpec({ salesWindow: { opensAt: '2030-03-01T09:00:00Z' } }),
    );
    expect(openOnly).not.toHaveProperty('salesCloseAt');
    expect(openOnly.salesOpenAt).toBe('2030-03-01T09:00:00Z');
  });
});
