// Host tier (mocha tdd, inside a real extension host): MCP wiring after activation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../src/extension';
import { MCP_COMMANDS } from '../../src/vscode/mcp/mcpCommands';

suite('MCP in the extension host', () => {
  test('no server connects during activation, and the MCP commands are registered', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'switchboard');
    assert.ok(ext, 'the extension is installed');
    const api = (await ext.activate()) as SwitchboardApi;
    assert.equal(api.diagnostics.runningServers(), 0);
    const commands = await vscode.commands.getCommands(true);
    for (const id of Object.values(MCP_COMMANDS)) assert.ok(commands.includes(id), `${id} is registered`);
    const manifest = ext.packageJSON.contributes.commands as { command: string; category: string }[];
    for (const id of Object.values(MCP_COMMANDS)) {
      assert.equal(manifest.find((c) => c.command === id)?.category, 'Switchboard', `${id} is in package.json`);
    }
  });
});
