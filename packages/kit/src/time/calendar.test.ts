// Local wall-clock times to instants across daylight-saving changes, and calendar arithmetic.
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, fromLocal, isKnownTimeZone, toLocal } from './local-time.ts';

describe('fromLocal', () => {
  it('reads winter and summer times with the offset in force', () => {
    expect(fromLocal('2030-01-15', '19:30', 'Europe/Lisbon').toISOString()).toBe(
      '2030-01-15T19:30:00.000Z',
    );
    expect(fromLocal('2030-07-15', '19:30', 'Europe/Lisbon').toISOString()).toBe(
      '2030-07-15T18:30:00.000Z',
    );
    expect(fromLocal('2030-01-15', '19:30', 'Australia/Melbourne').toISOString()).toBe(
      '2030-01-15T08:30:00.000Z',
    );
    expect(fromLocal('2030-07-15', '19:30', 'America/Chicago').toISOString()).toBe(
      '2030-07-16T00:30:00.000Z',
    );
  });

  it('moves a time skipped by the spring jump later by the jump (Lisbon, 31 March 2030)', () => {
    // Clocks go from 01:00 to 02:00: 01:30 never happens and is read as 02:30 WEST.
    const skipped = fromLocal('2030-03-31', '01:30', 'Europe/Lisbon');
    expect(skipped.toISOString()).toBe('2030-03-31T01:30:00.000Z');
    expect(toLocal(skipped, 'Europe/Lisbon')).toEqual({ date: '2030-03-31', time: '02:30' });
    expect(fromLocal('2030-03-31', '19:30', 'Europe/Lisbon').toISOString()).toBe(
      '2030-03-31T18:30:00.000Z',
    );
  });

  it('takes the first of a time that happens twice in autumn (Lisbon, 27 October 2030)', () => {
    // Clocks go from 02:00 back to 01:00: 01:30 happens at 00:30Z and again at 01:30Z.
    expect(fromLocal('2030-10-27', '01:30', 'Europe/Lisbon').toISOString()).toBe(
      '2030-10-27T00:30:00.000Z',
    );
  });

  it('round-trips every quarter hour of a changeover day in Chicago', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      if (time >= '02:00' && time < '03:00') continue; // skipped on 10 March 2030
      expect(toLocal(fromLocal('2030-03-10', time, 'America/Chicago'), 'America/Chicago')).toEqual({
        date: '2030-03-10',
        time,
      });
    }
  });
});

describe('calendar', () => {
  it('adds days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2030-12-31', 1)).toBe('2031-01-01');
  });

  it('names the day of the week', () => {
    expect(dayOfWeek('2030-03-05')).toBe('Tue');
    expect(dayOfWeek('2030-03-10')).toBe('Sun');
  });

  it('knows real zones and not made-up ones', () => {
    expect(isKnownTimeZone('Europe/Lisbon')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
