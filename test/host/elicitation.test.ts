// Host tier: a server's elicitation reaches the user through Switchboard's prompts port (a modal
// naming the server, then one input per field) and the typed answers reach the server; an
// invalid answer is asked again with its problem.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { testSwitchboard, type TestContext } from './context';
import { activated, until } from './harness';

const FIXTURE = join(__dirname, '..', 'fixtures', 'mcp', 'toolServer.js');

suite('elicitation through the prompts port', () => {
  let ctx: TestContext;

  suiteSetup(async () => {
    await activated();
    ctx = testSwitchboard();
    await vscode.workspace.getConfiguration('switchboard').update('mcp.servers', { asker: { type: 'stdio', command: process.execPath, args: [FIXTURE] } }, vscode.ConfigurationTarget.Global);
    await until('the asking server in the pool', () => ctx.sb.mcp.pool.servers().includes('asker'));
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('switchboard').update('mcp.servers', undefined, vscode.ConfigurationTarget.Global);
    await ctx.close();
  });

  test('asks in a modal naming the server, re-asks an invalid field, and sends the answers', async () => {
    const ages = ['forty', '40'];
    ctx.prompts.answer = (asked, actions) => {
      if (asked.kind === 'confirm') return actions.includes('Accept') ? 'Accept' : undefined;
      if (asked.message === 'asker asks: Name') return 'Grace';
      if (asked.message === 'asker asks: Age (optional)') return ages.shift();
      return undefined;
    };
    const result = await ctx.sb.mcp.pool.callTool('asker', 'ask', { message: 'Who\nare you?' });
    assert.deepEqual(result.content, [{ type: 'text', text: 'hello {"name":"Grace","age":40}' }]);
    const asked = ctx.prompts.asked.filter((a) => a.kind !== 'warn');
    assert.deepEqual(asked, [
      { kind: 'confirm', message: 'MCP server "asker" asks for input' },
      { kind: 'input', message: 'asker asks: Name' },
      { kind: 'input', message: 'asker asks: Age (optional)' },
      { kind: 'input', message: 'asker asks: Age (optional)' },
    ]);
  });

  test('Decline in the modal declines, and nothing else is asked', async () => {
    ctx.prompts.asked.length = 0;
    ctx.prompts.answer = (asked, actions) => (asked.kind === 'confirm' && actions.includes('Decline') ? 'Decline' : undefined);
    const result = await ctx.sb.mcp.pool.callTool('asker', 'ask', {});
    assert.deepEqual(result.content, [{ type: 'text', text: 'decline' }]);
    assert.deepEqual(ctx.prompts.asked.map((a) => a.kind), ['confirm']);
  });
});
