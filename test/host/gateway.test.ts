// Host tier: the gateway in a real extension host, built by a test Switchboard (its own storage
// and ledger). Enabling it serves /mcp and the provider endpoints, VS Code is offered the MCP
// server definition (with its own key), and disabling it frees the port.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Commands } from '../../src/vscode/commandIds';
import { gatewayCommands } from '../../src/vscode/gateway/gatewayCommands';
import { activated, setSetting, until } from './harness';
import { testSwitchboard } from './context';
import * as vscode from 'vscode';

const SERVER = 'gwfx';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

suite('Gateway in the extension host', () => {
  test('the gateway commands are registered', async () => {
    await activated();
    const commands = await vscode.commands.getCommands(true);
    for (const id of [Commands.createGatewayKey, Commands.revokeGatewayKey, Commands.copyGatewaySetup]) assert.ok(commands.includes(id), `${id} is registered`);
  });

  test('enabling serves /mcp and /v1/models, offers VS Code the MCP server, and disabling frees the port', async function () {
    this.timeout(60_000);
    const fixture = join(__dirname, '..', 'fixtures', 'mcp', 'toolServer.js');
    await setSetting('mcp.servers', { [SERVER]: { type: 'stdio', command: process.execPath, args: [fixture] } });
    const ctx = testSwitchboard();
    let client: Client | undefined;
    try {
      await ctx.sb.mcp.whenLoaded();
      await until('the fixture server configured', () => ctx.sb.mcp.pool.servers().includes(SERVER));
      assert.equal(ctx.sb.gateway.url, undefined, 'off by default');
      assert.deepEqual(ctx.sb.mcpDefinitions.provideMcpServerDefinitions(), []);

      await setSetting('gateway.enabled', true);
      await ctx.sb.gateway.reconcile();
      const url = await until('the gateway to run', () => ctx.sb.gateway.url);
      const port = Number(new URL(url).port);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

      // What VS Code is offered: the definition, then its key only when it starts the server.
      const [definition] = ctx.sb.mcpDefinitions.provideMcpServerDefinitions();
      assert.equal(definition!.uri.toString(true), `${url}/mcp`);
      assert.deepEqual(definition!.headers, {});
      const resolved = await ctx.sb.mcpDefinitions.resolveMcpServerDefinition(definition!);
      const authorization = resolved!.headers.Authorization!;
      assert.match(authorization, /^Bearer sb-/);
      assert.deepEqual((await ctx.sb.gateway.keys.list()).map((k) => k.name), ['vscode']);

      // An MCP SDK client with VS Code's header lists and calls the pool's tools through the gateway.
      client = new Client({ name: 'host-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(definition!.uri.toString(true)), { requestInit: { headers: { authorization } } }));
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === `${SERVER}__echo`));
      ctx.prompts.answer = (_asked, actions) => actions[0];
      const result = await client.callTool({ name: `${SERVER}__echo`, arguments: { text: 'through the gateway' } });
      assert.deepEqual(result.content, [{ type: 'text', text: 'through the gateway' }]);
      assert.match(ctx.prompts.asked.at(-1)!.message, /"vscode" \(through the Switchboard gateway\) wants to run the MCP tool "gwfx\/echo"/);

      // A provider endpoint answers on the same port with the same key.
      const models = await fetch(`${url}/v1/models`, { headers: { authorization } });
      assert.equal(models.status, 200);
      assert.equal(((await models.json()) as { object: string }).object, 'list');
      const state = await until('the status to show the client', () => (ctx.gatewayStatusItem.tooltipText.includes('vscode') ? ctx.gatewayStatusItem : undefined));
      assert.ok(state.visible);
      assert.ok(state.tooltipText.includes(url));

      await client.close();
      client = undefined;
      await setSetting('gateway.enabled', false);
      await ctx.sb.gateway.reconcile();
      assert.equal(ctx.sb.gateway.url, undefined);
      assert.equal(ctx.gatewayStatusItem.visible, false);
      assert.deepEqual(ctx.sb.mcpDefinitions.provideMcpServerDefinitions(), []);
      assert.ok(await portIsFree(port), `port ${port} is free again`);
    } finally {
      await client?.close();
      await setSetting('gateway.enabled', undefined);
      await setSetting('mcp.servers', undefined);
      await ctx.close();
    }
  });

  test('a created key is shown once and works; Copy Setup for Codex CLI carries a working key; a revoked key fails at once', async function () {
    this.timeout(60_000);
    const ctx = testSwitchboard();
    const copied: string[] = [];
    const commands = gatewayCommands({ gateway: ctx.sb.gateway, prompts: ctx.prompts, providers: () => [], clipboard: { writeText: async (t) => void copied.push(t) } });
    try {
      await setSetting('gateway.enabled', true);
      await ctx.sb.gateway.reconcile();
      const url = await until('the gateway to run', () => ctx.sb.gateway.url);
      const models = (key: string) => fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);

      ctx.prompts.answer = (_asked, actions) => (actions.includes('Copy') ? 'Copy' : undefined);
      assert.equal(await commands[Commands.createGatewayKey]!('cline'), 'cline');
      const shown = ctx.prompts.asked.at(-1)!;
      assert.equal(shown.message, 'Gateway key for "cline"');
      const clineKey = copied.at(-1)!;
      assert.match(clineKey, /^sb-/);
      assert.equal(await models(clineKey), 200);

      assert.equal(await commands[Commands.copyGatewaySetup]!('codex'), 'codex');
      const setup = copied.at(-1)!;
      assert.match(setup, /wire_api = "responses"/);
      assert.ok(setup.includes(`base_url = "${url}/v1"`));
      const codexKey = /export SWITCHBOARD_API_KEY=(\S+)/.exec(setup)![1]!;
      assert.equal(await models(codexKey), 200);

      assert.equal(await commands[Commands.revokeGatewayKey]!('codex'), true);
      assert.equal(await models(codexKey), 401);
      assert.equal(await models(clineKey), 200, 'other keys keep working');
    } finally {
      await setSetting('gateway.enabled', undefined);
      await ctx.close();
    }
  });
});
