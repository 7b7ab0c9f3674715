// The gateway's `/mcp` past `agent.maxTools`, and progress relayed to the client that asked for it,
// through MCP SDK clients against a real pool (server-everything as a process, a fixture in memory).
import * as assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { CALL_TOOL, FIND_TOOLS } from '../../../../src/core/gateway/mcpToolLimit';
import { EVERYTHING_SERVER, McpGateway, TOOL_SERVER, allTools, resultText, serverEntry } from '../../../fixtures/mcp/mcpGateway';

/** The tool names the client sees, every page. */
const listedNames = async (client: Client) => (await allTools(client)).tools.map((t) => t.name);


describe('Gateway /mcp past agent.maxTools, and progress', function () {
  this.timeout(30_000);
  let gw: McpGateway;
  let client: Client;

  before(async () => {
    gw = await new McpGateway(7).start([
      serverEntry('everything', [EVERYTHING_SERVER, 'stdio']),
      serverEntry('fx', [TOOL_SERVER], { FIXTURE_TOOLS: '40', FIXTURE_PROGRESS: '1' }),
    ]);
    client = await gw.client('key-alpha');
  });
  after(async () => {
    await client.close();
    await gw.close();
  });
  afterEach(() => {
    gw.maxTools = 128;
    for (const e of gw.registry.tools()) gw.registry.preferences.setPinned(e.qualifiedName, false);
  });

  it('lists every enabled tool while they fit, and none of its own', async () => {
    const names = await listedNames(client);
    assert.deepEqual(names, gw.registry.enabledTools().map((e) => e.functionName));
    assert.ok(names.length > 50, `${names.length} tools`);
    assert.ok(!names.includes(FIND_TOOLS) && !names.includes(CALL_TOOL));
  });

  it('past the limit lists maxTools tools: the pinned first, then registry order, then find and call', async () => {
    gw.maxTools = 12;
    gw.registry.preferences.setPinned('fx/gen_00039', true);
    gw.registry.preferences.setPinned('everything/echo', true);
    const names = await listedNames(client);
    assert.equal(names.length, 12);
    const enabled = gw.registry.enabledTools().map((e) => e.functionName);
    const pinned: string[] = enabled.filter((n) => n === 'everything__echo' || n === 'fx__gen_00039');
    const rest = enabled.filter((n) => !pinned.includes(n)).slice(0, 8);
    assert.deepEqual(names, [...pinned, ...rest, FIND_TOOLS, CALL_TOOL]);
  });

  it('finds any enabled tool with BM25 and calls it by name through the executor (approval naming the client)', async () => {
    gw.maxTools = 5;
    for (const n of ['fx/gen_00001', 'fx/gen_00002', 'fx/gen_00003']) gw.registry.preferences.setPinned(n, true);
    const listed = await listedNames(client);
    assert.deepEqual(listed, ['fx__gen_00001', 'fx__gen_00002', 'fx__gen_00003', FIND_TOOLS, CALL_TOOL]);
    const found = await client.callTool({ name: FIND_TOOLS, arguments: { query: 'add two numbers sum', limit: 3 } });
    const tools = (found.structuredContent as { tools: { name: string; inputSchema: unknown }[] }).tools;
    const add = tools.find((t) => t.name === 'fx__add');
    assert.ok(add, `found ${tools.map((t) => t.name).join(', ')}`);
    assert.deepEqual(add.inputSchema, gw.registry.resolve('fx/add').inputSchema);
    assert.ok(tools.length <= 3);

    const asked = gw.asked.length;
    const sum = await client.callTool({ name: CALL_TOOL, arguments: { name: 'fx__add', arguments: { a: 2, b: 40 } } });
    assert.deepEqual(sum.structuredContent, { sum: 42 });
    assert.equal(gw.asked.length, asked + 1, 'the inner call asked for approval');
    assert.equal(gw.asked.at(-1)!.client, 'alpha');
    assert.equal(gw.asked.at(-1)!.entry.qualifiedName, 'fx/add');
    assert.equal(gw.toolCalls.at(-1)!.tool, 'add');
    assert.equal(gw.executions.at(-1)!.title, 'alpha: fx/add');
  });

  it('tells the model, not the client, what is wrong with a find or call', async () => {
    gw.maxTools = 5;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [FIND_TOOLS, {}, /non-empty "query"/],
      [CALL_TOOL, { arguments: {} }, /needs the "name"/],
      [CALL_TOOL, { name: 'nope__nothing' }, /no MCP tool named "nope__nothing"/],
      [CALL_TOOL, { name: CALL_TOOL, arguments: { name: 'fx__add' } }, /not switchboard_call_tool/],
      [CALL_TOOL, { name: 'fx__add', arguments: { a: 'two' } }, /invalid arguments/i],
    ];
    for (const [name, args, message] of cases) {
      const r = await client.callTool({ name, arguments: args });
      assert.equal(r.isError, true, name);
      assert.match(resultText(r), message);
    }
  });

  it('a disabled tool stays out of find and cannot be called through call', async () => {
    gw.maxTools = 5;
    gw.registry.preferences.setToolEnabled('fx/add', false);
    try {
      const found = await client.callTool({ name: FIND_TOOLS, arguments: { query: 'add numbers sum' } });
      assert.ok(!(found.structuredContent as { tools: { name: string }[] }).tools.some((t) => t.name === 'fx__add'));
      const r = await client.callTool({ name: CALL_TOOL, arguments: { name: 'fx__add', arguments: { a: 1, b: 2 } } });
      assert.equal(r.isError, true);
      assert.match(resultText(r), /disabled/);
    } finally {
      gw.registry.preferences.setToolEnabled('fx/add', true);
    }
  });

  it('a change of maxTools tells the clients to list again', async () => {
    const heard = new Promise<void>((r) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => r()));
    gw.maxTools = 5;
    gw.endpoint.toolsChanged();
    await heard;
    assert.equal((await listedNames(client)).length, 5);
  });

  it("relays the server's progress to a client that asked for it, through call too", async () => {
    gw.registry.preferences.setApprovalMode('fx/slow', 'auto');
    const direct: Progress[] = [];
    const r = await client.callTool({ name: 'fx__slow', arguments: { steps: 3, everyMs: 5 } }, undefined, { onprogress: (p) => direct.push(p) });
    assert.equal(r.isError, undefined);
    assert.deepEqual(direct.map((p) => [p.progress, p.total, p.message]), [[1, 3, 'step 1'], [2, 3, 'step 2'], [3, 3, 'step 3']]);

    gw.maxTools = 5;
    const inner: Progress[] = [];
    await client.callTool({ name: CALL_TOOL, arguments: { name: 'fx__slow', arguments: { steps: 2, everyMs: 5 } } }, undefined, { onprogress: (p) => inner.push(p) });
    assert.deepEqual(inner.map((p) => p.progress), [1, 2]);
  });

  it("a client's cancel reaches the server's tool", async () => {
    gw.registry.preferences.setApprovalMode('fx/hang', 'auto');
    const hangs = async () => JSON.parse(resultText(await gw.pool.callTool('fx', 'hangs', {}, {}))) as { started: number; cancelled: number };
    const until = async (done: (h: { started: number; cancelled: number }) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const h = await hangs();
        if (done(h)) return h;
        await new Promise((r) => setTimeout(r, 10));
      }
      return hangs();
    };
    // `slow` counts in the same tally, so compare with what it was.
    const before = await hangs();
    const ctl = new AbortController();
    const call = client.callTool({ name: 'fx__hang', arguments: {} }, undefined, { signal: ctl.signal });
    await until((h) => h.started === before.started + 1);
    ctl.abort();
    await assert.rejects(call);
    assert.deepEqual(await until((h) => h.cancelled > before.cancelled), { started: before.started + 1, cancelled: before.cancelled + 1 });
    assert.equal(gw.toolCalls.at(-1)!.status, 'cancelled');
  });
});
