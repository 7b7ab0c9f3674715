import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { PromptListChangedNotificationSchema, ResourceListChangedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { EVERYTHING_SERVER, McpGateway, TOOL_SERVER, allTools, resultText, serverEntry } from '../../../fixtures/mcp/mcpGateway';


/** Children of this process whose command line runs server-everything. */
function everythingChildren(): number[] {
  const pids: number[] = [];
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${dir}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${dir}/cmdline`, 'utf8').includes('server-everything')) pids.push(Number(dir));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}


describe('Gateway /mcp endpoint (MCP SDK client → streamable HTTP → pool with server-everything and fixtures)', function () {
  this.timeout(30_000);
  let gw: McpGateway;
  const clients: Client[] = [];
  const connect = async (key: string) => {
    const c = await gw.client(key);
    clients.push(c);
    return c;
  };

  before(async () => {
    gw = await new McpGateway(10).start([serverEntry('everything', [EVERYTHING_SERVER, 'stdio']), serverEntry('fx', [TOOL_SERVER], { FIXTURE_TOOLS: '12', FIXTURE_PAGE: '5' })]);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await gw.close();
  });

  it('lists every enabled tool under its function name, in pages, and refuses a bad cursor', async () => {
    const alpha = await connect('key-alpha');
    const { tools, pages } = await allTools(alpha);
    const expected = gw.registry.enabledTools().map((e) => e.functionName);
    assert.deepEqual(tools.map((t) => t.name), expected);
    assert.ok(tools.some((t) => t.name === 'everything__echo') && tools.some((t) => t.name === 'fx__gen_00011'));
    assert.equal(pages, Math.ceil(expected.length / 10));
    assert.ok(pages > 1);
    await assert.rejects(alpha.listTools({ cursor: 'nonsense' }), /invalid cursor/);
  });

  it('calls tools through the executor: results relayed, bad arguments refused, each call recorded under the client', async () => {
    const alpha = await connect('key-alpha');
    for (const name of ['everything__echo', 'fx__add']) gw.registry.preferences.setApprovalMode(gw.registry.resolve(name).qualifiedName, 'auto');
    assert.equal(resultText(await alpha.callTool({ name: 'everything__echo', arguments: { message: 'hi' } })), 'Echo: hi');
    const sum = await alpha.callTool({ name: 'fx__add', arguments: { a: 2, b: 3 } });
    assert.deepEqual(sum.structuredContent, { sum: 5 });
    const bad = await alpha.callTool({ name: 'fx__add', arguments: { a: 'two' } });
    assert.equal(bad.isError, true);
    // Each schema problem once, named by its place in the arguments.
    assert.equal(resultText(bad).match(/\(arguments\)/g)?.length, 1, resultText(bad));
    await assert.rejects(alpha.callTool({ name: 'no__such_tool', arguments: {} }), /no MCP tool named "no__such_tool"/);
    const echo = gw.toolCalls.find((r) => r.server === 'everything' && r.tool === 'echo')!;
    assert.equal(echo.status, 'ok');
    const run = gw.executions.filter((e) => e.id === echo.executionId);
    assert.deepEqual(run.map((e) => [e.kind, e.title, e.status]), [['gateway', 'alpha: everything/echo', 'running'], ['gateway', 'alpha: everything/echo', 'ok']]);
  });

  it('asks for approval naming the calling client, and a denial reaches the client as a tool error', async () => {
    const beta = await connect('key-beta');
    gw.registry.preferences.setApprovalMode('fx/echo', 'ask');
    gw.answer = false;
    const denied = await beta.callTool({ name: 'fx__echo', arguments: { text: 'no' } });
    gw.answer = true;
    assert.equal(denied.isError, true);
    assert.match(resultText(denied), /fx\/echo was not approved/);
    assert.equal(gw.asked.at(-1)!.client, 'beta');
    assert.equal(gw.asked.at(-1)!.entry.qualifiedName, 'fx/echo');
    assert.equal(gw.toolCalls.at(-1)!.status, 'denied');
  });

  it('tells every client when a pool server\'s tools change (list_changed)', async () => {
    const alpha = await connect('key-alpha');
    const beta = await connect('key-beta');
    await allTools(beta);
    const heard = new Promise<void>((r) => beta.setNotificationHandler(ToolListChangedNotificationSchema, () => r()));
    gw.registry.preferences.setApprovalMode('fx/add_tools', 'auto');
    await alpha.callTool({ name: 'fx__add_tools', arguments: { count: 2 } });
    await heard;
    await gw.indexer.idle();
    const names = (await allTools(beta)).tools.map((t) => t.name);
    assert.ok(names.includes('fx__gen_00013'));
  });

  it('passes resources and prompts through, qualified by server', async () => {
    const alpha = await connect('key-alpha');
    const { resources } = await alpha.listResources();
    assert.ok(resources.length > 0 && resources.every((r) => r.name.startsWith('everything/')));
    const read = await alpha.readResource({ uri: resources[0]!.uri });
    assert.equal(read.contents[0]!.uri, resources[0]!.uri);
    const { resourceTemplates } = await alpha.listResourceTemplates();
    assert.ok(resourceTemplates.some((t) => t.name.startsWith('everything/')));
    const { prompts } = await alpha.listPrompts();
    assert.ok(prompts.some((p) => p.name === 'everything__simple-prompt'));
    const prompt = await alpha.getPrompt({ name: 'everything__simple-prompt' });
    assert.ok(prompt.messages.length > 0);
    await assert.rejects(alpha.getPrompt({ name: 'fx__nothing' }), /no MCP prompt named "fx__nothing"/);
  });

  it("relays a server's resources and prompts list_changed to every client", async () => {
    const alpha = await connect('key-alpha');
    const beta = await connect('key-beta');
    const before = (await beta.listResources()).resources.length;
    const resources = new Promise<void>((r) => beta.setNotificationHandler(ResourceListChangedNotificationSchema, () => r()));
    gw.registry.preferences.setApprovalMode('everything/gzip-file-as-resource', 'auto');
    await alpha.callTool({ name: 'everything__gzip-file-as-resource', arguments: { name: 'hello.txt.gz', data: 'data:text/plain;base64,aGVsbG8=', outputType: 'resourceLink' } });
    await resources;
    const after = (await beta.listResources()).resources;
    assert.equal(after.length, before + 1);
    assert.ok(after.some((r) => r.uri.includes('hello.txt.gz')), JSON.stringify(after.slice(-2)));
    const prompts = new Promise<void>((r) => alpha.setNotificationHandler(PromptListChangedNotificationSchema, () => r()));
    gw.contentChanged.fire({ server: 'everything', list: 'prompts' });
    await prompts;
  });

  it('serves two concurrent clients from ONE server-everything process', async () => {
    const [alpha, beta] = await Promise.all([connect('key-alpha'), connect('key-beta')]);
    const calls = [alpha, beta].flatMap((c, i) => Array.from({ length: 10 }, (_, n) => c.callTool({ name: 'everything__echo', arguments: { message: `${i}-${n}` } })));
    const results = await Promise.all(calls);
    assert.deepEqual(results.map(resultText).sort(), [0, 1].flatMap((i) => Array.from({ length: 10 }, (_, n) => `Echo: ${i}-${n}`)).sort());
    assert.equal(gw.spawned.length, 1, 'the pool spawned server-everything once');
    assert.deepEqual(everythingChildren(), gw.spawned);
    assert.equal(gw.pool.status('everything')!.pid, gw.spawned[0]);
  });

  it('keeps a session to the key that opened it', async () => {
    const alpha = await connect('key-alpha');
    await alpha.listTools();
    const sessionId = (alpha.transport as { sessionId?: string }).sessionId!;
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { authorization: 'Bearer key-beta', 'mcp-session-id': sessionId, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    assert.equal(res.status, 404);
    const bad = await fetch(gw.url, { method: 'POST', headers: { authorization: 'Bearer key-beta', 'content-type': 'application/json' }, body: '{nope' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: number } }).error.code, -32700);
  });
});
