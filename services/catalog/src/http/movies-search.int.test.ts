// Movie search over HTTP against real PostgreSQL: ranking, hostile input, filters and paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movies } from '../db/schema.ts';
import { startTestCatalog, type TestCatalog } from './catalog.test-support.ts';
import { createMovie as createMovieAs } from './catalog.fixtures.test-support.ts';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});
afterAll(() => catalog?.close());

const createMovie = (overrides: Record<string, unknown> = {}) => createMovieAs(catalog, overrides);

const movieCount = () => catalog.db.$count(movies);

describe('movie search and filters', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const make = async (key: string, overrides: Record<string, unknown>) => {
      ids[key] = (await createMovie(overrides)).id;
    };
    await make('byTitle', {
      title: 'Quillfeather Station',
      synopsis: 'A radio operator waits out a blizzard.',
      cast: ['Dora Penhaligon'],
      genres: ['drama'],
      releaseDate: '2030-05-01',
    });
    await make('byCast', {
      title: 'The Long Thaw',
      synopsis: 'Two sisters reopen a mountain inn.',
      cast: ['Bertrand Quillfeather', 'Amara Soyinka'],
      genres: ['comedy', 'family'],
      releaseDate: '2030-06-15',
    });
    await make('bySynopsis', {
      title: 'Lowlands',
      synopsis: 'A forger copies a quillfeather pen that signs confessions by itself.',
      cast: ['Tomasz Rybczak'],
      genres: ['crime'],
      releaseDate: '2030-08-20',
    });
    await make('unrelated', {
      title: 'Marigold Express',
      synopsis: 'A sleeper train, a stolen violin and a conductor who never sleeps.',
      cast: ['Hester Vandermolen'],
      genres: ['mystery', 'comedy'],
      releaseDate: '2030-07-01',
    });
  });

  const search = async (query: string) => {
    const res = await catalog.call('GET', `/api/movies?${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: { id: string }[]; total: number; limit: number; offset: number };
  };

  it('ranks title matches above cast matches above synopsis matches', async () => {
    const page = await search('q=quillfeather');
    expect(page.items.map((m) => m.id)).toEqual([ids.byTitle, ids.byCast, ids.bySynopsis]);
    expect(page).toMatchObject({ total: 3, limit: 20, offset: 0 });
  });

  it('finds movies by a cast name, by a synopsis word, and by stemmed words', async () => {
    expect((await search('q=Soyinka')).items.map((m) => m.id)).toEqual([ids.byCast]);
    expect((await search('q=violin')).items.map((m) => m.id)).toEqual([ids.unrelated]);
    expect((await search('q=sleeping%20trains')).items.map((m) => m.id)).toEqual([ids.unrelated]);
    expect(
      (await search(`q=${encodeURIComponent('"mountain inn"')}`)).items.map((m) => m.id),
    ).toEqual([ids.byCast]);
    expect(
      (await search(`q=${encodeURIComponent('quillfeather -forger -sisters')}`)).items.map(
        (m) => m.id,
      ),
    ).toEqual([ids.byTitle]);
  });

  it('treats SQL and query-syntax characters in q as text', async () => {
    const hostile = [
      "' OR 1=1 --",
      "quillfeather'; DROP TABLE movies; --",
      '"unterminated',
      'a & | ! ( ) :* <-> \\',
      ';;;',
      "'",
    ];
    for (const q of hostile) {
      const res = await catalog.call('GET', `/api/movies?q=${encodeURIComponent(q)}`);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      expect(Array.isArray(res.body.items)).toBe(true);
    }
    const before = await movieCount();
    const injected = await search(`q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(injected.total).toBe(0);
    const dropped = await search(`q=${encodeURIComponent("quillfeather'; DROP TABLE movies; --")}`);
    expect(dropped.total).toBe(0);
    expect(await movieCount()).toEqual(before);
  });

  it('filters by genre and by release date (on or before)', async () => {
    const comedies = await search('genre=comedy&q=quillfeather%20or%20marigold');
    expect(comedies.items.map((m) => m.id).sort()).toEqual([ids.byCast, ids.unrelated].sort());

    const releasedByJune = await search('date=2030-06-15&q=quillfeather%20or%20marigold');
    expect(releasedByJune.items.map((m) => m.id).sort()).toEqual([ids.byTitle, ids.byCast].sort());

    const both = await search('genre=comedy&date=2030-06-30&q=quillfeather%20or%20marigold');
    expect(both.items.map((m) => m.id)).toEqual([ids.byCast]);
  });

  it('pages with limit and offset and reports the total', async () => {
    const first = await search('q=quillfeather&limit=2');
    const second = await search('q=quillfeather&limit=2&offset=2');
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect([...first.items, ...second.items].map((m) => m.id)).toEqual([
      ids.byTitle,
      ids.byCast,
      ids.bySynopsis,
    ]);
  });

  it('rejects an unknown genre, a bad date and a bad limit naming the query field', async () => {
    for (const [query, field] of [
      ['genre=space-opera', 'query.genre'],
      ['date=2030-13-01', 'query.date'],
      ['date=tomorrow', 'query.date'],
      ['limit=0', 'query.limit'],
      ['limit=abc', 'query.limit'],
      ['offset=-1', 'query.offset'],
    ]) {
      const res = await catalog.call('GET', `/api/movies?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });
});
