import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import type { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { ToolExecutor } from '../../../../src/core/tools/executor';
import { type ApprovalPolicy, toolHints } from '../../../../src/core/tools/toolHints';
import type { UsageSink } from '../../../../src/core/usage/records';
import { FIXTURE_ICON } from '../../../fixtures/mcp/featureTools';
import { fixtureEntry, memoryPool } from '../mcp/helpers';

const usage: UsageSink = { recordCall: () => undefined, recordExecution: () => undefined, recordToolCall: () => undefined };

describe('tool annotations and titles', function () {
  this.timeout(10_000);
  let pool: McpPool;
  let registry: ToolRegistry;
  let indexer: ToolIndexer;
  let executor: ToolExecutor;
  let asked: string[];
  let policy: ApprovalPolicy;

  beforeEach(async () => {
    asked = [];
    policy = { autoApproveReadOnly: false };
    pool = memoryPool().pool;
    registry = new ToolRegistry();
    indexer = new ToolIndexer(pool, registry, silentLogger, 20);
    executor = new ToolExecutor({ registry, pool, usage, log: silentLogger, approve: async (r) => (asked.push(r.entry.tool), true), policy: () => policy });
    await pool.apply([fixtureEntry('fx', { FIXTURE_FEATURES: '1' })]);
    await pool.start('fx');
    await indexer.idle();
  });
  afterEach(async () => {
    executor.dispose();
    indexer.dispose();
    await pool.dispose();
  });

  const hints = (tool: string) => toolHints(registry.resolve(`fx/${tool}`).definition);

  it('reads titles, inline icons and hints from what the server listed; contradictory hints count as destructive', () => {
    assert.deepEqual(hints('read_note'), { title: 'Read Note', readOnly: true, destructive: false, icon: { light: FIXTURE_ICON, dark: FIXTURE_ICON } });
    assert.deepEqual(hints('wipe_notes'), { title: 'Wipe Notes', readOnly: false, destructive: true, icon: undefined });
    assert.deepEqual(hints('confused'), { readOnly: false, destructive: true, icon: undefined });
    assert.deepEqual(hints('echo'), { readOnly: false, destructive: false, icon: undefined });
    // A server-chosen URL is never fetched: only inline images become icons.
    assert.equal(toolHints({ name: 'x', inputSchema: { type: 'object' }, icons: [{ src: 'https://tracker.example/i.png' }] }).icon, undefined);
  });

  it('asks for read-only tools unless autoApproveReadOnly is on', async () => {
    await executor.execute('fx/read_note');
    assert.deepEqual(asked, ['read_note']);
    policy = { autoApproveReadOnly: true };
    await executor.execute('fx/read_note');
    await executor.execute('fx/echo', { text: 'x' });
    assert.deepEqual(asked, ['read_note', 'echo']);
  });

  it('always asks for destructive tools: under the read-only setting, with contradictory hints, and when set to auto', async () => {
    policy = { autoApproveReadOnly: true };
    registry.preferences.setApprovalMode('fx/wipe_notes', 'auto');
    await executor.execute('fx/wipe_notes');
    await executor.execute('fx/confused');
    assert.deepEqual(asked, ['wipe_notes', 'confused']);
    // A call the user made by hand is its own approval.
    await executor.execute('fx/wipe_notes', {}, { approvedByUser: true });
    assert.equal(asked.length, 2);
  });
});
