import * as assert from 'node:assert/strict';
import { newId } from '../../../../src/core/ids';
import type { ToolCallStatus } from '../../../../src/core/usage/records';
import { ledgerPerTest, toolCall, wholeDay } from './helpers';

/** The textbook nearest-rank percentile: the ceil(p/100 · n)-th smallest value. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

/** A deterministic shuffle, so the ledger never sees the durations in order. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('per-tool calls, errors and latency percentiles (real ledger)', () => {
  const t = ledgerPerTest();

  it('gives nearest-rank p50/p95 per tool, errors per tool, and leaves denied calls out of the latency', async () => {
    const ledger = t.open();
    const now = Date.now();
    // fx/a: 1..100 ms in random order, every 10th call failed → p50 50, p95 95.
    for (const d of shuffled([...Array(100).keys()].map((i) => i + 1))) {
      ledger.recordToolCall(toolCall({ server: 'fx', tool: 'a', durationMs: d, status: d % 10 === 0 ? 'error' : 'ok', startedAt: now - 1000 }));
    }
    // fx/b: 10, 20, 30, 40 ms, a timeout, and a denied call that "took" the user's 100 s to answer.
    for (const [d, status] of [[40, 'ok'], [10, 'ok'], [30, 'timeout'], [20, 'ok'], [100_000, 'denied']] as [number, ToolCallStatus][]) {
      ledger.recordToolCall(toolCall({ server: 'fx', tool: 'b', durationMs: d, status, startedAt: now - 1000 }));
    }
    // Same tool name on another server is another tool; a denied-only tool has no latency.
    ledger.recordToolCall(toolCall({ server: 'other', tool: 'a', durationMs: 7, startedAt: now - 1000 }));
    ledger.recordToolCall(toolCall({ server: 'fx', tool: 'never', durationMs: 5_000, status: 'denied', startedAt: now - 1000 }));
    // Outside the range: not counted.
    ledger.recordToolCall(toolCall({ server: 'fx', tool: 'a', durationMs: 1_000_000, startedAt: now - 3 * 86_400_000 }));

    const rows = await ledger.query({ q: 'toolLatency', range: wholeDay() });
    assert.deepEqual(rows, [
      { server: 'fx', tool: 'a', calls: 100, errors: 10, p50Ms: 50, p95Ms: 95 },
      { server: 'fx', tool: 'b', calls: 5, errors: 2, p50Ms: 20, p95Ms: 40 },
      { server: 'fx', tool: 'never', calls: 1, errors: 1, p50Ms: null, p95Ms: null },
      { server: 'other', tool: 'a', calls: 1, errors: 0, p50Ms: 7, p95Ms: 7 },
    ]);
  });

  it('matches the nearest-rank definition for every count from 1 to 41', async () => {
    const ledger = t.open();
    const expected: { tool: string; p50: number; p95: number }[] = [];
    for (let n = 1; n <= 41; n++) {
      const durations = shuffled([...Array(n).keys()].map((i) => 3 + ((i * 37) % 101)), n);
      for (const d of durations) ledger.recordToolCall(toolCall({ id: newId(), server: 's', tool: `t${n}`, durationMs: d }));
      expected.push({ tool: `t${n}`, p50: nearestRank(durations, 50), p95: nearestRank(durations, 95) });
    }
    const rows = await ledger.query({ q: 'toolLatency', range: wholeDay() });
    const got = new Map(rows.map((r) => [r.tool, r]));
    for (const e of expected) assert.deepEqual([e.tool, got.get(e.tool)?.p50Ms, got.get(e.tool)?.p95Ms], [e.tool, e.p50, e.p95]);
  });
});
