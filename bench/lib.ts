// Shared helpers for bench/*.bench.ts. Each benchmark measures its naive baseline in the
// same run and reports both; scripts/bench.mjs collects the `BENCH` lines into a table.
import { performance } from 'node:perf_hooks';

export interface Sample {
  median: number;
  min: number;
  max: number;
}

export interface Figure {
  /** What is measured, e.g. "tool lookup, 1,000 tools". */
  figure: string;
  unit: string;
  ours: Sample;
  /** The naive way, measured in the same run. */
  baseline?: { name: string } & Sample;
  /** How the ratio reads: `lower` when smaller numbers are better (latency). */
  better?: 'lower' | 'higher';
  /** The target this figure is held to, for the table (e.g. "≤ 100 ns"). */
  target?: string;
}

export function summarize(values: number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Times `fn` in `rounds` rounds of `batch` calls each and returns per-call figures in
 * `unit` (ns, µs or ms). Batching keeps timer resolution out of sub-microsecond figures.
 */
export async function timePerCall(
  fn: () => unknown,
  opts: { rounds?: number; batch?: number; unit?: 'ns' | 'µs' | 'ms'; warmup?: number } = {},
): Promise<Sample> {
  const { rounds = 15, batch = 1, unit = 'µs', warmup = Math.max(1, batch) } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const scale = unit === 'ns' ? 1e6 : unit === 'µs' ? 1e3 : 1;
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    perCall.push(((performance.now() - start) * scale) / batch);
  }
  return summarize(perCall);
}

/** Same as timePerCall for synchronous functions (no await per call, so ns figures stay honest). */
export function timePerCallSync(
  fn: () => unknown,
  opts: { rounds?: number; batch?: number; unit?: 'ns' | 'µs' | 'ms' } = {},
): Sample {
  const { rounds = 15, batch = 1000, unit = 'ns' } = opts;
  for (let i = 0; i < batch; i++) fn();
  const scale = unit === 'ns' ? 1e6 : unit === 'µs' ? 1e3 : 1;
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn();
    perCall.push(((performance.now() - start) * scale) / batch);
  }
  return summarize(perCall);
}

export function report(figure: Figure): void {
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`);
}
