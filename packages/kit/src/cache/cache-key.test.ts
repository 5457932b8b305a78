// Keys have one shape and parts cannot run into each other.
import { describe, expect, it } from 'vitest';
import { cacheKey, prefixedKey } from './cache-key.ts';

describe('cacheKey', () => {
  it('joins parts with colons', () => {
    expect(cacheKey('showtime', 'abc', 'seats')).toBe('showtime:abc:seats');
    expect(cacheKey('page', 2)).toBe('page:2');
  });

  it('encodes parts so that different parts never give the same key', () => {
    expect(cacheKey('a:b', 'c')).not.toBe(cacheKey('a', 'b:c'));
    expect(cacheKey('movies', 'q=dune&page=1')).toBe('movies:q%3Ddune%26page%3D1');
  });

  it('refuses empty keys and parts', () => {
    expect(() => cacheKey()).toThrow(RangeError);
    expect(() => cacheKey('movie', '')).toThrow(RangeError);
  });

  it('adds the service prefix', () => {
    expect(prefixedKey('catalog', 'movie:1')).toBe('catalog:movie:1');
    expect(prefixedKey('', 'movie:1')).toBe('movie:1');
  });
});
