import { describe, expect, it } from 'vitest';
import { bookingConfigSchema } from './config.ts';

const issuesOf = (env: Record<string, string>) => {
  const parsed = bookingConfigSchema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('booking configuration', () => {
  it('takes the defaults: a payment extends a hold with less than 180 s left, showtimes kept 10 s', () => {
    const config = bookingConfigSchema.parse({});
    expect(config).toMatchObject({ PAY_HOLD_MIN_SECONDS: 180, SHOWTIME_CACHE_SECONDS: 10 });
  });

  it('refuses a hold margin that a payment and its recovery could outlast', () => {
    // 30 s recovery + 2 × 8 s time-outs = 46 s: a 40 s margin is too short, 60 s is enough.
    expect(issuesOf({ PAY_HOLD_MIN_SECONDS: '40' })).toEqual(['PAY_HOLD_MIN_SECONDS']);
    expect(issuesOf({ PAY_HOLD_MIN_SECONDS: '60' })).toEqual([]);
  });

  it('refuses values out of range, naming the variable', () => {
    expect(issuesOf({ SHOWTIME_CACHE_SECONDS: '-1' })).toEqual(['SHOWTIME_CACHE_SECONDS']);
    expect(issuesOf({ SHOWTIME_CACHE_SECONDS: 'soon' })).toEqual(['SHOWTIME_CACHE_SECONDS']);
  });
});
