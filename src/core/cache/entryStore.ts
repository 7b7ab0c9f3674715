// The bounded map behind the response cache: lru-cache limited by entry count, bytes and age,
// rebuilt in place when the limits change so a settings edit applies without losing entries.
import { LRUCache } from 'lru-cache';
import type { CacheEntry } from './cacheEntry';
import type { StoreLimits } from './cacheOptions';

/** Time source for entry ages; tests inject one. Must return values above 0 (lru-cache treats start 0 as "no age"). */
export interface Clock {
  now(): number;
}

interface StoredEntry {
  readonly entry: CacheEntry;
  /** Clock time of the store, so a changed TTL can be applied to the entry's real age. */
  readonly storedAt: number;
}

export interface StoreCounters {
  /** Entries pushed out by the count or byte limit (not expiry, not clear). */
  evictions: number;
  /** Entries dropped because they outlived the TTL. */
  expirations: number;
  /** Answers not stored because one alone exceeds the byte limit. */
  tooLarge: number;
}

export class EntryStore {
  readonly counters: StoreCounters = { evictions: 0, expirations: 0, tooLarge: 0 };
  private lru: LRUCache<string, StoredEntry>;

  constructor(
    private limits: StoreLimits,
    private readonly clock: Clock = performance,
  ) {
    this.lru = this.build(limits);
  }

  get(key: string): CacheEntry | undefined {
    return this.lru.get(key)?.entry;
  }

  /** Stores `entry` under `key`, replacing any older answer; false when it is too large to keep. */
  set(key: string, entry: CacheEntry): boolean {
    if (entry.bytes > this.limits.maxSize) {
      this.counters.tooLarge++;
      this.lru.delete(key);
      return false;
    }
    this.lru.set(key, { entry, storedAt: this.clock.now() });
    return true;
  }

  clear(): void {
    this.lru.clear();
  }

  /** Live entries (expired ones are purged first) and the bytes they hold. */
  size(): { entries: number; bytes: number } {
    this.lru.purgeStale();
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  /**
   * Applies new limits. lru-cache fixes `max` and `maxSize` at construction, so the entries move
   * to a new instance, least recently used first, keeping their store time: a shorter TTL expires
   * old entries at once and smaller limits evict the least recently used.
   */
  reconfigure(limits: StoreLimits): void {
    const old = this.lru;
    this.limits = limits;
    this.lru = this.build(limits);
    for (const [key, stored] of old.rentries() as Generator<[string, StoredEntry]>) {
      if (limits.ttl > 0 && this.clock.now() - stored.storedAt > limits.ttl) {
        this.counters.expirations++;
        continue;
      }
      if (stored.entry.bytes > limits.maxSize) {
        this.counters.tooLarge++;
        continue;
      }
      this.lru.set(key, stored, limits.ttl > 0 ? { start: stored.storedAt } : {});
    }
  }

  private build(limits: StoreLimits): LRUCache<string, StoredEntry> {
    return new LRUCache<string, StoredEntry>({
      max: limits.max,
      maxSize: limits.maxSize,
      sizeCalculation: (stored) => stored.entry.bytes,
      ...(limits.ttl > 0 ? { ttl: limits.ttl } : {}),
      // Ages are compared at every read, not through lru-cache's 1 ms clock cache, so an
      // injected clock is exact.
      ttlResolution: 0,
      perf: this.clock,
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.counters.evictions++;
        else if (reason === 'expire') this.counters.expirations++;
      },
    });
  }
}
