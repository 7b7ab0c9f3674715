import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { ToolExecutor } from '../../../../src/core/tools/executor';
import { callToolByHand } from '../../../../src/core/tools/manualCall';
import { FAST_RECONNECT, fixtureEntry, testHost } from '../mcp/helpers';
import { ledgerPerTest, wholeDay } from '../usage/helpers';

describe('a tool called by hand is an execution in the ledger (real server, real ledger)', function () {
  this.timeout(30_000);
  const t = ledgerPerTest();
  let pool: McpPool;
  let registry: ToolRegistry;
  let indexer: ToolIndexer;

  beforeEach(async () => {
    pool = new McpPool(testHost(), FAST_RECONNECT);
    registry = new ToolRegistry();
    indexer = new ToolIndexer(pool, registry, silentLogger, 20);
    await pool.apply([fixtureEntry('fx')]);
    await pool.start('fx');
    await indexer.idle();
  });
  afterEach(async () => {
    indexer.dispose();
    await pool.dispose();
  });

  it('records a manual execution holding the tool call, and a failed one for bad arguments, without asking', async () => {
    const ledger = t.open();
    let asked = 0;
    const executor = new ToolExecutor({ registry, pool, usage: ledger, log: silentLogger, approve: async () => (asked++, false) });
    try {
      const result = await callToolByHand(executor, ledger, 'fx/add', { a: 2, b: 3 });
      assert.deepEqual([result.content, result.structuredContent], [[{ kind: 'text', text: '5' }], { sum: 5 }]);
      await assert.rejects(callToolByHand(executor, ledger, 'fx/add', { a: 'two' }), /invalid arguments/);
    } finally {
      executor.dispose();
    }
    assert.equal(asked, 0, 'pressing Call is the approval');

    const executions = await ledger.query({ q: 'topExecutions', range: wholeDay(), limit: 10 });
    assert.deepEqual(
      executions.map((e) => [e.kind, e.title, e.status, e.calls, e.toolCalls, e.endedAt !== undefined]).sort(),
      [['manual', 'Call Tool: fx/add', 'error', 0, 1, true], ['manual', 'Call Tool: fx/add', 'ok', 0, 1, true]],
    );
    const ok = executions.find((e) => e.status === 'ok')!;
    const detail = await ledger.query({ q: 'execution', id: ok.id });
    assert.deepEqual(detail.toolCalls.map((c) => [c.server, c.tool, c.status, c.executionId]), [['fx', 'add', 'ok', ok.id]]);
    assert.deepEqual(detail.calls, []);
  });
});
