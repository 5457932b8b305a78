// The fixed vocabularies of a movie (ratings, genres) and the rule for links a browser may follow.

/** Motion-picture ratings; NR = not rated. */
export const RATINGS = ['G', 'PG', 'PG-13', 'R', 'NC-17', 'NR'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * The genres a movie may carry. Fixed so that the genre filter has a finite, documented set of
 * values; adding one is a code change (and a migration, since the database checks the list too).
 */
export const GENRES = [
  'action',
  'adventure',
  'animation',
  'comedy',
  'crime',
  'documentary',
  'drama',
  'family',
  'fantasy',
  'historical',
  'horror',
  'musical',
  'mystery',
  'romance',
  'science-fiction',
  'sports',
  'thriller',
  'war',
  'western',
] as const;
export type Genre = (typeof GENRES)[number];

export const RUNTIME_LIMITS = { min: 1, max: 600 } as const;

/** Only http(s): a `javascript:` or `data:` link in a trailer button would run in the customer's browser. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Posters may also be served by the frontend itself, as a root-relative path (`/posters/x.svg`). */
export function isPosterUrl(value: string): boolean {
  if (value.startsWith('/') && !value.startsWith('//'))
    return /^\/[A-Za-z0-9._~\-/%]*$/.test(value);
  return isWebUrl(value);
}
