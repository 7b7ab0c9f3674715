// The cache's figures, as the status-bar tooltip, the dashboard and "Show Cache Stats" read them.
import { formatUsd } from '../money';

export interface CacheStats {
  enabled: boolean;
  /** Answered from a stored entry. */
  hits: number;
  /** Went upstream because nothing was stored or in flight. */
  misses: number;
  /** Joined an identical request already in flight instead of calling upstream. */
  shared: number;
  /** Went upstream on purpose: `bypass` or `no-store` policy, or the cache disabled. */
  bypassed: number;
  /** Entries pushed out by the count or byte limit. */
  evictions: number;
  /** Entries dropped for outliving the TTL. */
  expirations: number;
  /** Answers not stored because one alone exceeds the byte limit. */
  tooLarge: number;
  entries: number;
  bytes: number;
  /** (hits + shared) / (hits + shared + misses); 0 before any lookup. */
  hitRate: number;
  /** Sum of the original calls' costs over hits and shared answers, in USD. */
  savedUsd: number;
  /** Hits whose original call could not be priced (unknown model): saved, but not in `savedUsd`. */
  unpricedHits: number;
  limits: { maxEntries: number; maxBytes: number; ttlSeconds: number };
}

/** Counters the cache keeps itself; the store keeps evictions, expirations and sizes. */
export interface LookupCounters {
  hits: number;
  misses: number;
  shared: number;
  bypassed: number;
  savedUsd: number;
  unpricedHits: number;
}

export function emptyLookupCounters(): LookupCounters {
  return { hits: 0, misses: 0, shared: 0, bypassed: 0, savedUsd: 0, unpricedHits: 0 };
}

export function hitRate(counters: Pick<LookupCounters, 'hits' | 'misses' | 'shared'>): number {
  const served = counters.hits + counters.shared;
  const lookups = served + counters.misses;
  return lookups === 0 ? 0 : served / lookups;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Human-readable lines for a tooltip or a message; no secrets, only figures. */
export function formatCacheStats(stats: CacheStats): string[] {
  if (!stats.enabled) return ['Response cache: disabled'];
  const unpriced = stats.unpricedHits ? ` (+${stats.unpricedHits} unpriced hits)` : '';
  return [
    `Response cache: ${stats.entries} entries, ${formatBytes(stats.bytes)} of ${formatBytes(stats.limits.maxBytes)}`,
    `Hit rate ${(stats.hitRate * 100).toFixed(1)}%: ${stats.hits} hits, ${stats.shared} shared in flight, ${stats.misses} misses, ${stats.bypassed} bypassed`,
    `Saved ${formatUsd(stats.savedUsd)}${unpriced}`,
    `Evictions ${stats.evictions}, expired ${stats.expirations}, too large ${stats.tooLarge}`,
  ];
}

/** One line for a notification: entries, hit rate, dollars saved. */
export function summarizeCacheStats(stats: CacheStats): string {
  if (!stats.enabled) return 'the response cache is disabled (switchboard.cache.enabled).';
  const served = stats.hits + stats.shared;
  const lookups = served + stats.misses;
  return `${stats.entries} cached answers, hit rate ${(stats.hitRate * 100).toFixed(0)} % (${served} of ${lookups}), ${formatUsd(stats.savedUsd)} saved.`;
}
