// Config against VS Code's real settings: a change reaches the listeners of its section only,
// already validated, and the MCP server list is told apart by scope.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mcpServerSettings, onConfigChange, onMcpServerSettingsChange, readConfig } from '../../src/vscode/config';
import { activated, setSetting } from './harness';

const WORKSPACE = vscode.ConfigurationTarget.Workspace;

suite('settings through Config (host)', () => {
  const subs: vscode.Disposable[] = [];

  teardown(async () => {
    for (const sub of subs.splice(0)) sub.dispose();
    for (const key of ['budget.daily', 'agent.maxSteps', 'mcp.servers']) await setSetting(key, undefined);
    await setSetting('mcp.servers', undefined, WORKSPACE);
  });

  test('a change reaches the listeners of its section only, validated', async () => {
    await activated();
    const seen: string[] = [];
    subs.push(
      onConfigChange(['costMeter'], (c) => seen.push(`costMeter ${String(c.costMeter.budgets.daily)}`)),
      onConfigChange(['agent'], (c) => seen.push(`agent ${c.agent.maxSteps}`)),
      onConfigChange(['mcp', 'cache'], () => seen.push('mcp or cache')),
    );
    await setSetting('budget.daily', 2.5);
    await setSetting('agent.maxSteps', 0); // at least one step is always allowed
    await setSetting('budget.daily', -1); // a negative budget is no budget
    assert.deepEqual(seen, ['costMeter 2.5', 'agent 1', 'costMeter 0']);
    assert.deepEqual(readConfig().agent, { maxSteps: 1, maxCostUsd: 0, maxTools: 128, toolTokenBudget: 32000 });
  });

  test('the MCP server list is read per scope, and its changes are not the pool settings', async () => {
    await activated();
    let serverChanges = 0;
    let poolChanges = 0;
    subs.push(
      onMcpServerSettingsChange(() => serverChanges++),
      onConfigChange(['mcp'], () => poolChanges++),
    );
    const user = { servers: {} };
    const workspace = { servers: {}, inputs: [] };
    await setSetting('mcp.servers', user);
    assert.deepEqual(mcpServerSettings(), { user, workspace: undefined });
    await setSetting('mcp.servers', workspace, WORKSPACE);
    assert.deepEqual(mcpServerSettings(), { user, workspace });
    assert.equal(serverChanges, 2);
    assert.equal(poolChanges, 0);
  });
});
