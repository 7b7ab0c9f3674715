// Per-client concurrency and rate limits, and the stats the host shows (clients seen today,
// requests in flight). One instance per server.
import { dayKey } from '../usage/periods';
import type { GatewayStats } from './types';

export interface ClientLimitSettings {
  maxConcurrent: number;
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
  inFlight: number;
}

/** Why a request may not start, and when it may be tried again. */
export interface LimitRefusal {
  reason: 'concurrency' | 'rate';
  retryAfterMs: number;
}

export class ClientLimits {
  private readonly buckets = new Map<string, Bucket>();
  private readonly seenToday = new Set<string>();
  private today = '';
  private inFlight = 0;

  constructor(
    private readonly settings: ClientLimitSettings,
    private readonly onStats: ((stats: GatewayStats) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot for the client, or says why not; a taken slot must be released exactly once. */
  acquire(client: string): LimitRefusal | undefined {
    const now = this.now();
    const day = dayKey(new Date(now));
    if (day !== this.today) {
      this.today = day;
      this.seenToday.clear();
    }
    this.seenToday.add(client);
    let b = this.buckets.get(client);
    if (!b) {
      b = { tokens: this.settings.perMinute, at: now, inFlight: 0 };
      this.buckets.set(client, b);
    }
    // A token bucket refilled continuously at perMinute/60 s, holding at most perMinute.
    const perMs = this.settings.perMinute / 60_000;
    b.tokens = Math.min(this.settings.perMinute, b.tokens + (now - b.at) * perMs);
    b.at = now;
    if (b.inFlight >= this.settings.maxConcurrent) return { reason: 'concurrency', retryAfterMs: 1000 };
    if (b.tokens < 1) return { reason: 'rate', retryAfterMs: Math.ceil((1 - b.tokens) / perMs) };
    b.tokens -= 1;
    b.inFlight++;
    this.inFlight++;
    this.emit();
    return undefined;
  }

  release(client: string): void {
    const b = this.buckets.get(client);
    if (b && b.inFlight > 0) b.inFlight--;
    if (this.inFlight > 0) this.inFlight--;
    this.emit();
  }

  stats(): GatewayStats {
    return { clientsToday: [...this.seenToday].sort(), inFlight: this.inFlight };
  }

  private emit(): void {
    this.onStats?.(this.stats());
  }
}
