// Progress and cancellation against the real fixture server over stdio: progress reports reach
// the caller and restart the call's timeout, silence for a whole timeout still cuts a call, a call
// that reports forever meets the total cap, and cancelling sends notifications/cancelled (the
// fixture counts the cancellations it was sent).
import * as assert from 'node:assert/strict';
import type { Progress } from '@modelcontextprotocol/client';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { McpPool } from '../../../../src/core/mcp/pool';
import { TOTAL_CAP_FACTOR } from '../../../../src/core/mcp/pendingCall';
import { FAST_RECONNECT, closedAfterEach, entry, testHost, textOf } from './helpers';

describe('progress and cancellation (real fixture over stdio)', function () {
  this.timeout(60_000);
  const held = closedAfterEach();

  async function fixture(): Promise<McpPool> {
    const pool = (held.pool = new McpPool(testHost(), FAST_RECONNECT));
    await pool.apply([entry('fx', {})]);
    await pool.start('fx'); // the timeouts below are for the calls, not the spawn
    return pool;
  }
  const isTimeout = (pattern: RegExp) => (err: unknown) => err instanceof ToolCallError && err.kind === 'timeout' && pattern.test(err.message);

  it('a tool that keeps reporting progress outlives its timeout, and each report reaches the caller', async () => {
    const pool = await fixture();
    const seen: Progress[] = [];
    // 25 reports 100 ms apart: the call runs well past its 1 s timeout, which each report restarts.
    const result = await pool.callTool('fx', 'slow', { steps: 25, everyMs: 100 }, { timeoutMs: 1_000, onProgress: (p) => seen.push(p) });
    assert.equal(textOf(result), 'done after 25 steps');
    // In order and none skipped; the last one can arrive in the same read as the answer, which the client settles first.
    assert.ok(seen.length >= 24, `${seen.length} reports`);
    assert.deepEqual(seen.map((p) => p.progress), Array.from({ length: seen.length }, (_, i) => i + 1));
    assert.deepEqual(seen[0], { progress: 1, total: 25, message: 'step 1' });
  });

  it('a tool that stops reporting is cut after one timeout of silence', async () => {
    const pool = await fixture();
    const seen: number[] = [];
    await assert.rejects(pool.callTool('fx', 'stall', {}, { timeoutMs: 300, onProgress: (p) => seen.push(p.progress) }), isTimeout(/did not answer within 300 ms/));
    assert.deepEqual(seen, [1]);
  });

  it(`a tool that reports forever meets the total cap (${TOTAL_CAP_FACTOR} × its timeout)`, async () => {
    const pool = await fixture();
    await assert.rejects(pool.callTool('fx', 'slow', { steps: 1_000, everyMs: 50 }, { timeoutMs: 200 }), isTimeout(/still reporting progress after 2000 ms/));
  });

  it('cancelling a call in progress sends notifications/cancelled to the server', async () => {
    const pool = await fixture();
    const cancel = new AbortController();
    const call = pool.callTool('fx', 'slow', { steps: 1_000, everyMs: 20 }, { signal: cancel.signal, onProgress: () => cancel.abort() });
    await assert.rejects(call, (err: unknown) => err instanceof ToolCallError && err.kind === 'cancelled');
    // Each look is a round trip to the server, not a sleep: the notification arrives before a later request.
    let tally = { started: 0, cancelled: 0 };
    while (tally.cancelled === 0) tally = JSON.parse(textOf(await pool.callTool('fx', 'hangs', {}))) as typeof tally;
    assert.deepEqual(tally, { started: 1, cancelled: 1 });
  });
});
