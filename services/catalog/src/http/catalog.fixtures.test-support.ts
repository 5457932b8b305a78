// Test support: request bodies and small helpers the catalog's HTTP tests share.
import { expect } from 'vitest';
import type { TestCatalog } from './catalog.test-support.ts';

export const movieBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Harbour of Glass',
  synopsis: 'A diver looks for a bell that rings under the bay.',
  runtimeMinutes: 101,
  rating: 'PG',
  genres: ['drama'],
  cast: ['Ilse Marchbank'],
  releaseDate: '2031-03-14',
  posterUrl: '/posters/harbour-of-glass.svg',
  trailerUrl: 'https://trailers.example.com/harbour-of-glass',
  ...overrides,
});

/** Creates a movie as admin and expects 201. */
export async function createMovie(catalog: TestCatalog, overrides: Record<string, unknown> = {}) {
  const res = await catalog.call('POST', '/api/movies', {
    body: movieBody(overrides),
    token: catalog.tokens.admin,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; title: string };
}

/** Creates a theater as admin and expects 201. */
export async function createTheater(catalog: TestCatalog, overrides: Record<string, unknown> = {}) {
  const res = await catalog.call('POST', '/api/theaters', {
    body: {
      name: 'Odeonic Riverside',
      address: '4 Quay Road',
      city: 'Porto',
      timezone: 'Europe/Lisbon',
      ...overrides,
    },
    token: catalog.tokens.admin,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}
