// Connection overhead, traced per server: each cold connect's phases (the transport coming up,
// the era's handshake, the first `tools/list`) and each warm call's own time. Sessions measure with an
// injected monotonic clock; the pool keeps the latest figures per server in a TimingBook.
import type { Connected, Negotiated } from './connection';
import { Emitter } from '../lifecycle';

/** Monotonic milliseconds (performance.now in production). */
export type Clock = () => number;

/**
 * `spawn`: the child process is up (stdio); `connect`: the first HTTP response arrived (http, sse).
 * Then the handshake: `initialize` (2025 era), `server/discover` (2026-07-28, stateless: no
 * initialize), or `cached verdict` (2026-07-28 with the server's discover answer replayed, so
 * nothing but the tool-change subscription goes out).
 */
export type PhaseName = 'spawn' | 'connect' | 'initialize' | 'server/discover' | 'cached verdict' | 'tools/list';

/** The handshake phase a connect went through, named for what it sent. */
export function handshakePhase(n: Pick<Negotiated, 'era' | 'replayed'>): PhaseName {
  if (n.era === 'legacy') return 'initialize';
  return n.replayed ? 'cached verdict' : 'server/discover';
}

export interface Phase {
  name: PhaseName;
  /** Milliseconds from the connect's start to this phase's start. */
  atMs: number;
  ms: number;
}

export interface ConnectTiming {
  kind: 'connect';
  server: string;
  transport: Connected['kind'];
  /** Epoch milliseconds. */
  startedAt: number;
  phases: Phase[];
  /** The sum of the phases: what a cold start costs before the first call can go out. */
  totalMs: number;
}

/** A call that rode a session already open (a call that had to connect is not warm). */
export interface CallTiming {
  kind: 'call';
  server: string;
  startedAt: number;
  durationMs: number;
}

export type McpTiming = ConnectTiming | CallTiming;

/** Times one connect: the transport's readiness, the handshake, then the first tools/list. */
export class ConnectTimer {
  private readonly t0: number;
  private readonly startedAt = Date.now();
  private readonly phases: Phase[] = [];
  private last: number;

  constructor(private readonly clock: Clock) {
    this.t0 = this.last = clock();
  }

  /** Ends the phase that began at the previous mark (or at the start). */
  mark(name: PhaseName): void {
    const now = this.clock();
    this.phases.push({ name, atMs: this.last - this.t0, ms: now - this.last });
    this.last = now;
  }

  /** Adds the first tools/list, timed on its own (the gap before it is the lister's, not the server's). */
  finish(server: string, transport: Connected['kind'], listStart: number, listEnd: number): ConnectTiming {
    const atMs = Math.max(listStart - this.t0, this.last - this.t0);
    const phases = [...this.phases, { name: 'tools/list' as const, atMs, ms: listEnd - listStart }];
    return { kind: 'connect', server, transport, startedAt: this.startedAt, phases, totalMs: phases.reduce((n, p) => n + p.ms, 0) };
  }
}

/** One session's timing: hands out connect timers, times first listings and warm calls, and reports them. */
export class SessionTiming {
  readonly onTiming = new Emitter<McpTiming>();
  private readonly now: Clock;

  constructor(
    private readonly server: string,
    clock: Clock | undefined,
  ) {
    this.now = clock ?? (() => performance.now());
  }

  connectTimer(): ConnectTimer {
    return new ConnectTimer(this.now);
  }

  /** Runs a listing; the first on a connection completes that connect's timing. */
  async list<T>(conn: { connected: Connected; timer?: ConnectTimer }, run: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    const result = await run();
    const timer = conn.timer;
    conn.timer = undefined;
    if (timer) this.onTiming.fire(timer.finish(this.server, conn.connected.kind, t0, this.now()));
    return result;
  }

  /** Runs a call; a warm one that succeeds reports its time. */
  async call<T>(warm: boolean, run: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    const result = await run();
    const durationMs = this.now() - t0;
    if (warm) this.onTiming.fire({ kind: 'call', server: this.server, startedAt: Math.round(Date.now() - durationMs), durationMs });
    return result;
  }
}

/** What a server's overhead looks like now: its last cold connect and the median of its recent warm calls. */
export interface TimingSummary {
  lastConnect?: Pick<ConnectTiming, 'transport' | 'startedAt' | 'phases' | 'totalMs'>;
  warmCalls: number;
  medianWarmMs: number | null;
}

/** Warm calls kept per server for the median (the ledger keeps as many). */
export const WARM_CALLS_KEPT = 100;

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The latest timings per server, in memory (the ledger keeps them across windows and reloads). */
export class TimingBook {
  private readonly connects = new Map<string, ConnectTiming>();
  private readonly warm = new Map<string, number[]>();

  record(t: McpTiming): void {
    if (t.kind === 'connect') {
      this.connects.set(t.server, t);
      return;
    }
    let calls = this.warm.get(t.server);
    if (!calls) this.warm.set(t.server, (calls = []));
    calls.push(t.durationMs);
    if (calls.length > WARM_CALLS_KEPT) calls.shift();
  }

  summary(server: string): TimingSummary | undefined {
    const lastConnect = this.connects.get(server);
    const calls = this.warm.get(server) ?? [];
    if (!lastConnect && !calls.length) return undefined;
    return { ...(lastConnect ? { lastConnect } : {}), warmCalls: calls.length, medianWarmMs: median(calls) };
  }
}

/** Milliseconds as people read them: one decimal under 10 ms, whole above. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** What formatTiming needs: the pool's summary or the ledger's stored row. */
export interface TimingFigures {
  lastConnect?: { totalMs: number; phases: readonly { name: string; ms: number }[] };
  warmCalls: number;
  medianWarmMs: number | null;
}

/** "last cold connect 182 ms (spawn 70 · initialize 90 · tools/list 22) · median warm call 0.4 ms (12 calls)". */
export function formatTiming(s: TimingFigures): string {
  const parts: string[] = [];
  if (s.lastConnect) {
    const phases = s.lastConnect.phases.map((p) => `${p.name} ${formatMs(p.ms).replace(' ms', '')}`).join(' · ');
    parts.push(`last cold connect ${formatMs(s.lastConnect.totalMs)} (${phases})`);
  } else parts.push('no cold connect recorded');
  parts.push(s.medianWarmMs === null ? 'no warm calls yet' : `median warm call ${formatMs(s.medianWarmMs)} (${s.warmCalls} calls)`);
  return parts.join(' · ');
}
