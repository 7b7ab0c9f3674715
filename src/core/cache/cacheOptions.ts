// The cache's limits, in the units of the `switchboard.cache.*` settings, and their validation.
// The host reads the settings; core only ever sees a CacheOptions value.

export interface CacheOptions {
  enabled: boolean;
  /** Age limit of an entry; 0 means entries never expire by age. */
  ttlSeconds: number;
  maxEntries: number;
  maxMegabytes: number;
}

export const DEFAULT_CACHE_OPTIONS: Readonly<CacheOptions> = Object.freeze({
  enabled: true,
  ttlSeconds: 3600,
  maxEntries: 1000,
  maxMegabytes: 64,
});

/** The most entries a setting may ask for. */
export const MAX_ENTRIES_LIMIT = 1_000_000;

/** The limits in lru-cache's units. */
export interface StoreLimits {
  max: number;
  maxSize: number;
  /** Milliseconds; 0 for no age limit. */
  ttl: number;
}

/**
 * Fills gaps with defaults and clamps nonsense (negative, fractional or non-numeric values from
 * a hand-edited settings file) instead of throwing: a bad setting must not take the cache down.
 */
export function normalizeOptions(input: Partial<CacheOptions> | undefined): CacheOptions {
  const pick = (value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
  return {
    enabled: typeof input?.enabled === 'boolean' ? input.enabled : DEFAULT_CACHE_OPTIONS.enabled,
    ttlSeconds: pick(input?.ttlSeconds, DEFAULT_CACHE_OPTIONS.ttlSeconds, 0),
    // lru-cache allocates its index arrays for `max` entries up front.
    maxEntries: Math.floor(pick(input?.maxEntries, DEFAULT_CACHE_OPTIONS.maxEntries, 1, MAX_ENTRIES_LIMIT)),
    maxMegabytes: pick(input?.maxMegabytes, DEFAULT_CACHE_OPTIONS.maxMegabytes, 0.001),
  };
}

export function storeLimits(options: CacheOptions): StoreLimits {
  return {
    max: options.maxEntries,
    maxSize: Math.max(1, Math.floor(options.maxMegabytes * 1024 * 1024)),
    ttl: Math.round(options.ttlSeconds * 1000),
  };
}
