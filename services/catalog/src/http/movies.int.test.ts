// Movies over HTTP against real PostgreSQL: admin writes, roles, soft delete, validation.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movies } from '../db/schema.ts';
import { startTestCatalog, type TestCatalog } from './catalog.test-support.ts';
import { createMovie as createMovieAs, movieBody } from './catalog.fixtures.test-support.ts';

let catalog: TestCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});
afterAll(() => catalog?.close());

const createMovie = (overrides: Record<string, unknown> = {}) => createMovieAs(catalog, overrides);
const movie = movieBody;

const rowOf = async (id: string) =>
  (await catalog.db.select().from(movies).where(eq(movies.id, id)))[0];
const movieCount = () => catalog.db.$count(movies);
describe('movie administration', () => {
  it('creates, reads, updates and soft-deletes a movie', async () => {
    const created = await catalog.call('POST', '/api/movies', {
      body: movie(),
      token: catalog.tokens.admin,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/movies/${created.body.id}`);
    expect(created.body).toMatchObject({ ...movie(), deletedAt: null });
    expect(await rowOf(created.body.id)).toMatchObject({
      title: 'Harbour of Glass',
      castMembers: ['Ilse Marchbank'],
      releaseDate: '2031-03-14',
      deletedAt: null,
    });

    const fetched = await catalog.call('GET', `/api/movies/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);

    const patched = await catalog.call('PATCH', `/api/movies/${created.body.id}`, {
      body: { runtimeMinutes: 104, cast: ['Ilse Marchbank', 'Oren Valdecasas'] },
      token: catalog.tokens.admin,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      runtimeMinutes: 104,
      cast: ['Ilse Marchbank', 'Oren Valdecasas'],
      title: 'Harbour of Glass',
    });
    expect(await rowOf(created.body.id)).toMatchObject({
      runtimeMinutes: 104,
      castMembers: ['Ilse Marchbank', 'Oren Valdecasas'],
    });

    const deleted = await catalog.call('DELETE', `/api/movies/${created.body.id}`, {
      token: catalog.tokens.admin,
    });
    expect(deleted.status).toBe(204);
    const row = await rowOf(created.body.id);
    expect(row?.deletedAt).toBeInstanceOf(Date);

    // Still explainable by id, gone from lists, closed to changes; deleting again is harmless.
    const afterDelete = await catalog.call('GET', `/api/movies/${created.body.id}`);
    expect(afterDelete.status).toBe(200);
    expect(afterDelete.body.deletedAt).toBe(row?.deletedAt?.toISOString());
    const listed = await catalog.call(
      'GET',
      `/api/movies?q=${encodeURIComponent('Harbour of Glass')}`,
    );
    expect(listed.body.items.map((m: { id: string }) => m.id)).not.toContain(created.body.id);
    const patchDeleted = await catalog.call('PATCH', `/api/movies/${created.body.id}`, {
      body: { runtimeMinutes: 90 },
      token: catalog.tokens.admin,
    });
    expect(patchDeleted.status).toBe(409);
    const again = await catalog.call('DELETE', `/api/movies/${created.body.id}`, {
      token: catalog.tokens.admin,
    });
    expect(again.status).toBe(204);
    expect((await rowOf(created.body.id))?.deletedAt).toEqual(row?.deletedAt);
  });

  it('answers 404 for an unknown movie', async () => {
    const id = '6d1f1a52-6a9f-4c8e-9a43-3c1b7f0e2d11';
    expect((await catalog.call('GET', `/api/movies/${id}`)).status).toBe(404);
    const patched = await catalog.call('PATCH', `/api/movies/${id}`, {
      body: { runtimeMinutes: 90 },
      token: catalog.tokens.admin,
    });
    expect(patched.status).toBe(404);
    expect(
      (await catalog.call('DELETE', `/api/movies/${id}`, { token: catalog.tokens.admin })).status,
    ).toBe(404);
  });

  it('refuses writes without a token (401) and from customers or staff (403), writing nothing', async () => {
    const before = await movieCount();
    const anonymous = await catalog.call('POST', '/api/movies', { body: movie() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const customer = await catalog.call('POST', '/api/movies', {
      body: movie(),
      token: catalog.tokens.customer,
    });
    expect(customer.status).toBe(403);
    const staff = await catalog.call('POST', '/api/movies', {
      body: movie(),
      token: catalog.tokens.staff,
    });
    expect(staff.status).toBe(403);
    expect(await movieCount()).toEqual(before);

    const existing = await createMovie({ title: 'Guarded Title' });
    const patch = await catalog.call('PATCH', `/api/movies/${existing.id}`, {
      body: { title: 'Changed' },
      token: catalog.tokens.customer,
    });
    expect(patch.status).toBe(403);
    const remove = await catalog.call('DELETE', `/api/movies/${existing.id}`);
    expect(remove.status).toBe(401);
    expect(await rowOf(existing.id)).toMatchObject({ title: 'Guarded Title', deletedAt: null });
  });

  it('rejects invalid movies naming the field, and writes nothing', async () => {
    const before = await movieCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ trailerUrl: 'javascript:alert(1)' }, 'body.trailerUrl'],
      [{ posterUrl: 'ftp://example.com/p.svg' }, 'body.posterUrl'],
      [{ rating: 'PG-15' }, 'body.rating'],
      [{ genres: ['drama', 'space-opera'] }, 'body.genres[1]'],
      [{ genres: ['drama', 'drama'] }, 'body.genres'],
      [{ runtimeMinutes: 0 }, 'body.runtimeMinutes'],
      [{ releaseDate: '2031-02-30' }, 'body.releaseDate'],
      [{ title: '   ' }, 'body.title'],
      [{ cast: ['Ok', ''] }, 'body.cast[1]'],
      [{ director: 'Someone' }, 'body.director'],
    ];
    for (const [override, field] of cases) {
      const res = await catalog.call('POST', '/api/movies', {
        body: movie(override),
        token: catalog.tokens.admin,
      });
      expect({ override, status: res.status }).toEqual({ override, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const empty = await catalog.call('PATCH', '/api/movies/6d1f1a52-6a9f-4c8e-9a43-3c1b7f0e2d11', {
      body: {},
      token: catalog.tokens.admin,
    });
    expect(empty.status).toBe(400);
    expect(await movieCount()).toEqual(before);
  });

  it('rejects an id that is not a UUID with 400 naming params.id', async () => {
    for (const [method, token] of [
      ['GET', undefined],
      ['PATCH', catalog.tokens.admin],
      ['DELETE', catalog.tokens.admin],
    ] as const) {
      const res = await catalog.call(method, "/api/movies/1'%20OR%201=1", {
        token,
        body: method === 'PATCH' ? { title: 'x' } : undefined,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'params.id', message: expect.any(String) }]);
    }
  });
});
describe('service description', () => {
  it('describes every catalog route in /openapi.json and answers /readyz', async () => {
    const res = await catalog.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths).sort()).toEqual([
      '/api/movies',
      '/api/movies/{id}',
      '/api/theaters',
      '/api/theaters/{id}',
      '/api/theaters/{id}/screens',
      '/api/theaters/{id}/screens/{screenId}',
      '/api/theaters/{id}/screens/{screenId}/layout',
      '/api/theaters/{id}/screens/{screenId}/layouts/{version}',
    ]);
    expect(Object.keys(res.body.paths['/api/movies/{id}']).sort()).toEqual([
      'delete',
      'get',
      'patch',
    ]);
    expect((await catalog.call('GET', '/readyz')).status).toBe(200);
  });
});
