import * as assert from 'node:assert/strict';
import { makeEntry } from '../../../../src/core/cache/cacheEntry';
import type { CacheEntry } from '../../../../src/core/cache/cacheEntry';
import { normalizeOptions, storeLimits } from '../../../../src/core/cache/cacheOptions';
import { EntryStore } from '../../../../src/core/cache/entryStore';
import { answer } from './scriptedProvider';
import { ManualClock } from './manualClock';

const entry = (text: string): CacheEntry => makeEntry(answer(text), null);
const limits = (options: Parameters<typeof normalizeOptions>[0]) => storeLimits(normalizeOptions(options));

describe('EntryStore', () => {
  it('expires entries older than the TTL', () => {
    const clock = new ManualClock();
    const store = new EntryStore(limits({ ttlSeconds: 60 }), clock);
    store.set('a', entry('a'));
    clock.ms += 60_000;
    assert.ok(store.get('a'), 'exactly the TTL old is still fresh');
    clock.ms += 1;
    assert.equal(store.get('a'), undefined);
    assert.equal(store.counters.expirations, 1);
  });

  it('ttlSeconds 0 keeps entries regardless of age', () => {
    const clock = new ManualClock();
    const store = new EntryStore(limits({ ttlSeconds: 0 }), clock);
    store.set('a', entry('a'));
    clock.ms += 365 * 24 * 3600_000;
    assert.ok(store.get('a'));
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const store = new EntryStore(limits({ maxEntries: 2 }));
    store.set('a', entry('a'));
    store.set('b', entry('b'));
    store.get('a');
    store.set('c', entry('c'));
    assert.deepEqual(['a', 'b', 'c'].map((k) => store.get(k) !== undefined), [true, false, true]);
    assert.equal(store.counters.evictions, 1);
  });

  it('evicts by bytes, and counts the bytes it holds', () => {
    const one = entry('x'.repeat(1000));
    const store = new EntryStore(limits({ maxMegabytes: (2.5 * one.bytes) / 1024 / 1024 }));
    for (const key of ['a', 'b', 'c']) store.set(key, entry('x'.repeat(1000)));
    assert.deepEqual(store.size(), { entries: 2, bytes: 2 * one.bytes });
    assert.equal(store.get('a'), undefined);
    assert.equal(store.counters.evictions, 1);
  });

  it('applies new limits live, keeping the most recent entries and their age', () => {
    const clock = new ManualClock();
    const store = new EntryStore(limits({ ttlSeconds: 3600, maxEntries: 10 }), clock);
    store.set('old', entry('old'));
    clock.ms += 120_000;
    for (const key of ['a', 'b', 'c']) store.set(key, entry(key));
    store.reconfigure(limits({ ttlSeconds: 3600, maxEntries: 2 }));
    assert.deepEqual(['old', 'a', 'b', 'c'].map((k) => store.get(k) !== undefined), [false, false, true, true]);
    store.set('fresh', entry('fresh'));
    clock.ms += 40_000;
    store.reconfigure(limits({ ttlSeconds: 60, maxEntries: 2 }));
    clock.ms += 20_000;
    assert.ok(store.get('fresh'));
    clock.ms += 1;
    assert.equal(store.get('fresh'), undefined, 'a shorter TTL counts from the original store time');
  });
});

describe('normalizeOptions', () => {
  it('fills defaults and clamps values a hand-edited settings file may hold', () => {
    assert.deepEqual(normalizeOptions(undefined), { enabled: true, ttlSeconds: 3600, maxEntries: 1000, maxMegabytes: 64 });
    assert.deepEqual(normalizeOptions({ enabled: 'yes' as never, ttlSeconds: -5, maxEntries: 2.7, maxMegabytes: Number.NaN }), {
      enabled: true,
      ttlSeconds: 0,
      maxEntries: 2,
      maxMegabytes: 64,
    });
    assert.equal(normalizeOptions({ maxEntries: 1e12 }).maxEntries, 1_000_000, 'lru-cache preallocates for max');
  });
});
