// Host tier: connection overhead traced per server, end to end — the fixture tool server starts
// cold over stdio, is called warm, and both timings show in the tool explorer's tooltip, in the
// dashboard's data (read back from the real ledger) and in Show MCP Timings.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { callToolByHand } from '../../src/core/tools/manualCall';
import { dashboardData } from '../../src/vscode/dashboard/dashboardData';
import { Commands } from '../../src/vscode/commandIds';
import { mcpTimingsCommand } from '../../src/vscode/mcp/mcpTimingsCommand';
import type { ExplorerNode } from '../../src/vscode/views/toolExplorer';
import { testSwitchboard, type TestContext } from './context';
import { setSetting, until } from './harness';

const SERVER = 'timed';
const TOOLTIP = /last cold connect [\d.]+ ms \(spawn [\d.]+ · initialize [\d.]+ · tools\/list [\d.]+\) · median warm call [\d.]+ ms \(2 calls\)/;

suite('MCP timings', () => {
  let ctx: TestContext;

  suiteSetup(async () => {
    ctx = testSwitchboard();
    const fixture = join(__dirname, '..', 'fixtures', 'mcp', 'toolServer.js');
    await setSetting('mcp.servers', { [SERVER]: { type: 'stdio', command: process.execPath, args: [fixture] } });
    await until('the configured server in the pool', () => ctx.sb.mcp.pool.servers().includes(SERVER));
  });

  suiteTeardown(async () => {
    await setSetting('mcp.servers', undefined);
    await ctx?.close();
  });

  test('a cold start and warm calls show in the tooltip, the dashboard data and Show MCP Timings', async () => {
    const { explorer, mcp, usage, ledger } = ctx.sb;
    const roots = (await explorer.getChildren()) as ExplorerNode[];
    const server = roots.find((n) => n.kind === 'server' && n.name === SERVER)!;
    assert.equal(mcp.pool.status(SERVER)?.state, 'stopped', 'the server starts cold');
    await explorer.getChildren(server); // expanding it connects it and lists its tools
    for (const text of ['one', 'two']) assert.equal((await callToolByHand(mcp.executor, usage, `${SERVER}/echo`, { text })).isError, false);

    assert.match(String(explorer.getTreeItem(server).tooltip), TOOLTIP);

    const data = await dashboardData(ledger.get(), { kind: 'today' });
    const row = data.mcpTimings.find((t) => t.server === SERVER);
    assert.ok(row, JSON.stringify(data.mcpTimings));
    assert.deepEqual(row.lastConnect?.phases.map((p) => p.name), ['spawn', 'initialize', 'tools/list']);
    for (const p of row.lastConnect!.phases) assert.ok(p.ms >= 0, `${p.name}: ${p.ms}`);
    assert.ok(row.warmCalls >= 2, `${row.warmCalls} warm calls stored`);
    assert.ok(row.medianWarmMs !== null && row.medianWarmMs >= 0);

    const show = mcpTimingsCommand(mcp.pool, () => ledger.get(), ctx.sb.ports.log)[Commands.showMcpTimings]!;
    const lines = (await show()) as string[];
    assert.match(lines.find((l) => l.startsWith(`${SERVER}:`)) ?? lines.join('\n'), /last cold connect .* · median warm call [\d.]+ ms/);
  });
});
