// Wall-clock conversions in theater time zones, across daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { addDays, fromLocal, toLocal } from './local-time.ts';

describe('toLocal', () => {
  it('tells the local date, which may differ from the UTC date', () => {
    expect(toLocal(new Date('2030-03-09T13:30:00Z'), 'Australia/Melbourne')).toEqual({
      date: '2030-03-10',
      time: '00:30',
    });
    expect(toLocal(new Date('2030-03-10T02:00:00Z'), 'America/Chicago')).toEqual({
      date: '2030-03-09',
      time: '20:00',
    });
    expect(toLocal(new Date('2030-07-01T23:30:00Z'), 'Europe/Lisbon')).toEqual({
      date: '2030-07-02',
      time: '00:30',
    });
  });
});

describe('fromLocal', () => {
  it('is the inverse of toLocal on ordinary days, summer and winter', () => {
    for (const [date, time, zone, utc] of [
      ['2030-03-10', '00:30', 'Australia/Melbourne', '2030-03-09T13:30:00.000Z'],
      ['2030-06-10', '19:30', 'Australia/Melbourne', '2030-06-10T09:30:00.000Z'],
      ['2030-01-15', '21:00', 'Europe/Lisbon', '2030-01-15T21:00:00.000Z'],
      ['2030-07-15', '21:00', 'Europe/Lisbon', '2030-07-15T20:00:00.000Z'],
      ['2030-03-09', '20:00', 'America/Chicago', '2030-03-10T02:00:00.000Z'],
      ['2030-03-11', '20:00', 'America/Chicago', '2030-03-12T01:00:00.000Z'],
    ] as const) {
      const instant = fromLocal(date, time, zone);
      expect(instant.toISOString(), `${date} ${time} ${zone}`).toBe(utc);
      expect(toLocal(instant, zone)).toEqual({ date, time });
    }
  });

  it('moves a time skipped by the clocks going forward to just after the jump', () => {
    // Chicago, 10 March 2030: 02:00 CST becomes 03:00 CDT.
    const skipped = fromLocal('2030-03-10', '02:30', 'America/Chicago');
    expect(toLocal(skipped, 'America/Chicago')).toEqual({ date: '2030-03-10', time: '03:30' });
  });

  it('takes the first of a time that happens twice when the clocks go back', () => {
    // Melbourne, 7 April 2030: 03:00 AEDT becomes 02:00 AEST, so 02:30 happens twice.
    const twice = fromLocal('2030-04-07', '02:30', 'Australia/Melbourne');
    expect(twice.toISOString()).toBe('2030-04-06T15:30:00.000Z');
  });
});

describe('addDays', () => {
  it('crosses month and year ends', () => {
    expect(addDays('2030-12-30', 3)).toBe('2031-01-02');
    expect(addDays('2030-03-01', -1)).toBe('2030-02-28');
  });
});
