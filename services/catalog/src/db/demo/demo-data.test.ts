// The demo catalog must be valid by the same rules the API enforces, and as varied as promised.
import { layoutCapacity, validateSeatLayout } from '@marquee/contracts/layouts';
import { describe, expect, it } from 'vitest';
import { isIanaTimeZone } from '../../domain/time-zones.ts';
import { createMovieBody } from '../../http/movies.schemas.ts';
import { createTheaterBody } from '../../http/theaters.schemas.ts';
import { DEMO_MOVIES, posterUrlOf, slugOf, trailerUrlOf } from './demo-movies.ts';
import { DEMO_THEATERS } from './demo-theaters.ts';
import { centred, layoutFromPatterns } from './layout-patterns.ts';

const screens = DEMO_THEATERS.flatMap((t) => t.screens);

describe('demo theaters and screens', () => {
  it('has three theaters in different cities and time zones', () => {
    expect(DEMO_THEATERS).toHaveLength(3);
    expect(new Set(DEMO_THEATERS.map((t) => t.city)).size).toBe(3);
    expect(new Set(DEMO_THEATERS.map((t) => t.timezone)).size).toBe(3);
    for (const { screens: _screens, ...theater } of DEMO_THEATERS) {
      expect(isIanaTimeZone(theater.timezone)).toBe(true);
      expect(createTheaterBody.safeParse(theater).error).toBeUndefined();
    }
  });

  it('has at least eight screens, and every layout passes validation', () => {
    expect(screens.length).toBeGreaterThanOrEqual(8);
    for (const screen of screens) {
      expect({ screen: screen.name, problems: validateSeatLayout(screen.layout) }).toEqual({
        screen: screen.name,
        problems: [],
      });
    }
  });

  it('has screens of different shapes', () => {
    const shape = (name: string) => {
      const layout = screens.find((s) => s.name === name)?.layout;
      if (!layout) throw new Error(`no demo screen ${name}`);
      return layout;
    };
    const studio = shape('Estúdio');
    expect(studio.rows).toHaveLength(6);
    expect(studio.rows.every((row) => row.seats.length === 10)).toBe(true);

    const hall = shape('Sala 1');
    expect(hall.rows).toHaveLength(18);
    expect(hall.rows.every((row) => row.seats[10] === null)).toBe(true);

    const lounge = shape('The Loft Lounge');
    expect(layoutCapacity(lounge).byCategory.standard).toBe(0);

    const curved = shape('Sala 2');
    expect(
      new Set(curved.rows.map((row) => row.seats.filter(Boolean).length)).size,
    ).toBeGreaterThan(3);

    const outline = (layout: (typeof screens)[number]['layout']) =>
      layout.rows
        .map((row) => row.seats.map((seat) => seat?.category[0] ?? '.').join(''))
        .join('/');
    expect(new Set(screens.map((s) => outline(s.layout))).size).toBe(screens.length);
  });

  it('puts wheelchair spaces with companions in the front row of every screen', () => {
    for (const screen of screens) {
      const front = screen.layout.rows[0]?.seats ?? [];
      expect(front.some((seat) => seat?.category === 'wheelchair')).toBe(true);
      expect(front.some((seat) => seat?.category === 'companion')).toBe(true);
    }
  });
});

describe('demo movies', () => {
  it('has twenty movies that the create endpoint would accept', () => {
    expect(DEMO_MOVIES).toHaveLength(20);
    for (const { releaseInDays: _days, ...movie } of DEMO_MOVIES) {
      const body = {
        ...movie,
        releaseDate: '2030-01-01',
        posterUrl: posterUrlOf(movie.title),
        trailerUrl: trailerUrlOf(movie.title),
      };
      expect({ title: movie.title, error: createMovieBody.safeParse(body).error }).toEqual({
        title: movie.title,
        error: undefined,
      });
      expect(movie.runtimeMinutes).toBeGreaterThanOrEqual(80);
      expect(movie.runtimeMinutes).toBeLessThanOrEqual(170);
    }
  });

  it('has distinct titles and poster slugs, and every rating at least once', () => {
    expect(new Set(DEMO_MOVIES.map((m) => m.title)).size).toBe(20);
    expect(new Set(DEMO_MOVIES.map((m) => slugOf(m.title))).size).toBe(20);
    expect(new Set(DEMO_MOVIES.map((m) => m.rating))).toEqual(
      new Set(['G', 'PG', 'PG-13', 'R', 'NC-17', 'NR']),
    );
  });

  it('spreads release dates over the past months and the coming weeks', () => {
    const offsets = DEMO_MOVIES.map((m) => m.releaseInDays);
    expect(offsets.filter((d) => d <= 0).length).toBeGreaterThanOrEqual(10);
    expect(offsets.filter((d) => d > 0).length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...offsets)).toBeLessThan(-90);
    expect(Math.max(...offsets)).toBeLessThanOrEqual(35);
  });

  it('makes slugs from titles', () => {
    expect(slugOf("The Glasswright's Daughter")).toBe('the-glasswrights-daughter');
    expect(posterUrlOf('Estúdio Ñ 2')).toBe('/posters/estudio-n-2.svg');
  });
});

describe('layout patterns', () => {
  it('numbers seats left to right, skipping gaps', () => {
    expect(layoutFromPatterns([['B', 'wc.sp']])).toEqual({
      rows: [
        {
          name: 'B',
          seats: [
            { label: 'B1', category: 'wheelchair' },
            { label: 'B2', category: 'companion' },
            null,
            { label: 'B3', category: 'standard' },
            { label: 'B4', category: 'premium' },
          ],
        },
      ],
    });
  });

  it('rejects unknown characters and centres rows', () => {
    expect(() => layoutFromPatterns([['A', 'sx']])).toThrow(/"x"/);
    expect(centred('ss', 5)).toBe('.ss..');
  });
});
