// Progress and cancellation through the executor (real fixture server, in memory): the `slow`
// tool's progress reports reach the caller's listener, and aborting the call ends it as cancelled
// in the ledger record.
import * as assert from 'node:assert/strict';
import type { Progress } from '@modelcontextprotocol/client';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { executorRig, type ExecutorRig } from './executorRig';

describe('the executor forwards progress and cancellation', function () {
  this.timeout(30_000);
  let rig: ExecutorRig;
  beforeEach(async () => (rig = await executorRig({ FIXTURE_PROGRESS: '1' })));
  afterEach(() => rig.dispose());

  it('passes each progress report of the slow tool to onProgress', async () => {
    const seen: Progress[] = [];
    const result = await rig.executor.execute('fx/slow', { steps: 5, everyMs: 20 }, { approvedByUser: true, onProgress: (p) => seen.push(p) });
    assert.equal(result.text, 'done after 5 steps');
    // The last report can arrive with the answer, which the client settles first.
    assert.ok(seen.length >= 4, `${seen.length} reports`);
    assert.deepEqual(seen[0], { progress: 1, total: 5, message: 'step 1' });
  });

  it('cancels the call when its signal aborts during progress, and records it as cancelled', async () => {
    const cancel = new AbortController();
    const call = rig.executor.execute('fx/slow', { steps: 1_000, everyMs: 20 }, { approvedByUser: true, signal: cancel.signal, onProgress: () => cancel.abort() });
    await assert.rejects(call, (err: unknown) => err instanceof ToolCallError && err.kind === 'cancelled');
    assert.deepEqual(rig.records.map((r) => [r.tool, r.status]), [['slow', 'cancelled']]);
  });
});
