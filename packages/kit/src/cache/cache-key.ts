// Every cache key is built here, so keys have one shape: `part:part:part`.
//
// Parts are URI-encoded, so a ':' inside an id cannot make two different keys collide. The
// service prefix (`catalog:`...) is added by the cache itself; examples of what callers build:
//   cacheKey('movie', movieId)                 -> movie:<id>
//   cacheKey('showtime', showtimeId, 'seats')  -> showtime:<id>:seats
//   cacheKey('movies', 'search', 'q=dune&page=1') -> movies:search:q%3Ddune%26page%3D1

export function cacheKey(...parts: (string | number)[]): string {
  if (parts.length === 0) throw new RangeError('cacheKey needs at least one part');
  return parts
    .map((part) => {
      const text = String(part);
      if (text === '') throw new RangeError('cache key parts must not be empty');
      return encodeURIComponent(text);
    })
    .join(':');
}

/** The key as stored, with the cache's prefix (`<prefix>:<key>`); shared by both adapters. */
export function prefixedKey(prefix: string, key: string): string {
  return prefix ? `${prefix}:${key}` : key;
}
