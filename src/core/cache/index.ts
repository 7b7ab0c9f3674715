// The response cache's public surface for the host and the other engines.
export { CachingProvider } from './cachingProvider';
export { ResponseCache } from './responseCache';
export type { ResponseCacheDeps } from './responseCache';
export { DEFAULT_CACHE_OPTIONS, normalizeOptions } from './cacheOptions';
export type { CacheOptions } from './cacheOptions';
export { formatCacheStats } from './cacheStats';
export type { CacheStats } from './cacheStats';
export { cacheKey } from './cacheKey';
