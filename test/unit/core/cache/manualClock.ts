// A clock tests move by hand, for TTL expiry without sleeps.
import type { Clock } from '../../../../src/core/cache/entryStore';

export class ManualClock implements Clock {
  /** Starts above 0 because lru-cache reads a start time of 0 as "no age". */
  ms = 1_000_000;
  now(): number {
    return this.ms;
  }
}
