// Host tier (mocha tdd, inside a real extension host): MCP wiring after activation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/vscode/commandIds';
import { activated, manifest } from './harness';

const MCP_COMMANDS = [Commands.startServer, Commands.stopServer, Commands.restartServer, Commands.openMcpConfiguration];

suite('MCP in the extension host', () => {
  test('the MCP commands are registered and in package.json', async () => {
    await activated();
    const commands = await vscode.commands.getCommands(true);
    for (const id of MCP_COMMANDS) assert.ok(commands.includes(id), `${id} is registered`);
    for (const id of MCP_COMMANDS) {
      assert.equal(manifest().contributes.commands.find((c) => c.command === id)?.category, 'Switchboard', `${id} is in package.json`);
    }
  });
});
