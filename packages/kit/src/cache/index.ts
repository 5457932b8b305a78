// The cache part of the service kit: the contract, Redis and in-memory adapters, key building.
export type { Cache } from './cache.ts';
export { cacheKey } from './cache-key.ts';
export { cached } from './cached.ts';
export { createMemoryCache, type MemoryCacheOptions } from './memory-cache.ts';
export { createRedisCache, type RedisCache, type RedisCacheOptions } from './redis-cache.ts';
