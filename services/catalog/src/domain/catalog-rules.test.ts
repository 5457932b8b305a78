// Unit tests for the catalog's pure rules: links, time zones and layout acceptance.
import type { SeatLayout } from '@marquee/contracts/layouts';
import { AppError } from '@marquee/kit/errors';
import { describe, expect, it } from 'vitest';
import { assertValidLayout, sameLayout } from './layout-rules.ts';
import { isPosterUrl, isWebUrl } from './movie-rules.ts';
import { isIanaTimeZone } from './time-zones.ts';

describe('links', () => {
  it('accepts only http and https trailer links', () => {
    expect(isWebUrl('https://trailers.example.com/x')).toBe(true);
    expect(isWebUrl('http://trailers.example.com/x')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'ftp://example.com/x',
      '/relative',
      'not a url',
    ]) {
      expect({ bad, ok: isWebUrl(bad) }).toEqual({ bad, ok: false });
    }
  });

  it('also accepts root-relative poster paths, but not protocol-relative ones', () => {
    expect(isPosterUrl('/posters/paper-comets.svg')).toBe(true);
    expect(isPosterUrl('https://cdn.example.com/p.jpg')).toBe(true);
    expect(isPosterUrl('//evil.example.com/p.svg')).toBe(false);
    expect(isPosterUrl('/posters/<script>.svg')).toBe(false);
    expect(isPosterUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('isIanaTimeZone', () => {
  it('accepts IANA names and rejects offsets and inventions', () => {
    for (const zone of [
      'Europe/Lisbon',
      'America/Chicago',
      'Australia/Melbourne',
      'UTC',
      'America/Argentina/Buenos_Aires',
    ]) {
      expect({ zone, ok: isIanaTimeZone(zone) }).toEqual({ zone, ok: true });
    }
    for (const zone of ['Mars/Olympus_Mons', '+01:00', 'Europe/', '', 'Europe/Lisbon ']) {
      expect({ zone, ok: isIanaTimeZone(zone) }).toEqual({ zone, ok: false });
    }
  });
});

describe('assertValidLayout', () => {
  const layout: SeatLayout = {
    rows: [
      {
        name: 'A',
        seats: [
          { label: 'A1', category: 'standard' },
          { label: 'A2', category: 'companion' },
        ],
      },
    ],
  };

  it('throws a 422 naming each field, and passes a valid layout', () => {
    let thrown: unknown;
    try {
      assertValidLayout(layout);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(422);
    expect((thrown as AppError).errors?.map((e) => e.field)).toEqual([
      'layout.rows[0].seats[1].category',
    ]);
    expect(() =>
      assertValidLayout({ rows: [{ name: 'A', seats: [{ label: 'A1', category: 'standard' }] }] }),
    ).not.toThrow();
  });

  it('reports at most fifty problems', () => {
    const seats = Array.from({ length: 60 }, (_, i) => ({
      label: `A${i}`,
      category: 'companion' as const,
    }));
    try {
      assertValidLayout({ rows: [{ name: 'A', seats }] });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).errors).toHaveLength(50);
      expect((err as AppError).message).toContain('60');
    }
  });
});

describe('sameLayout', () => {
  it('compares meaning, not key order', () => {
    const a: SeatLayout = {
      rows: [{ name: 'A', seats: [{ label: 'A1', category: 'standard' }, null] }],
    };
    const reordered = JSON.parse(
      '{"rows":[{"seats":[{"category":"standard","label":"A1"},null],"name":"A"}]}',
    ) as SeatLayout;
    expect(sameLayout(a, reordered)).toBe(true);
    expect(
      sameLayout(a, { rows: [{ name: 'A', seats: [{ label: 'A1', category: 'premium' }, null] }] }),
    ).toBe(false);
    expect(
      sameLayout(a, {
        rows: [{ name: 'A', seats: [null, { label: 'A1', category: 'standard' }] }],
      }),
    ).toBe(false);
  });
});
