// Tier 2: the surfaces working together inside a real VS Code — a loopback LLM server as the
// provider, the surface fixture MCP server from the user settings, a real ledger in this suite's
// own Switchboard (built from test ports: temporary storage, its own status item). Every check
// reads real state: the LLM server's request log, ledger rows, the messages webviews received.
// The palette test goes through the installed extension's commands, as a user would.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { functionNameFor } from '../../src/core/mcp/functionNames';
import { Commands } from '../../src/vscode/commandIds';
import { secretName } from '../../src/vscode/llm/apiKeys';
import type { Switchboard } from '../../src/vscode/switchboard';
import type { ExplorerNode } from '../../src/vscode/views/toolExplorer';
import { json, LlmServer, sse } from '../fixtures/llmServer';
import { XSS_DESCRIPTION } from '../fixtures/mcp/surfaceServer';
import { openaiChatChunks, openaiModels, openaiUsage } from '../fixtures/openaiWire';
import type { DashboardData, ToolForm } from '../../media/protocol';
import { testSwitchboard, type TestContext } from './context';
import { activated, errorsShownDuring, until } from './harness';
import { setProviders, type MutableWindow, windowPrompts } from './llm/settingsHelpers';
import { WebviewProbe } from './webviewProbe';

const win = vscode.window as MutableWindow;
const original = windowPrompts();

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('switchboard').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('surfaces', () => {
  let ctx: TestContext;
  let sb: Switchboard;
  let llm: LlmServer;
  /** Each test that watches a page gives it a fresh probe: the context's panels talk through it. */
  let probe = new WebviewProbe();

  suiteSetup(async () => {
    await activated();
    ctx = testSwitchboard({ webviewTransport: (panel) => probe.transport(panel) });
    sb = ctx.sb;
    llm = await LlmServer.start();
    win.showInputBox = () => Promise.resolve('sk-surfaces-test');
    await setProviders([{ id: 'fixture', kind: 'openai', baseUrl: `${llm.url}/v1`, label: 'Fixture', defaultModel: 'gpt-4o-mini' }]);
    await vscode.commands.executeCommand(Commands.setApiKey, 'fixture'); // the installed extension's key, for the palette test
    await ctx.storage.secrets.store(secretName('fixture'), 'sk-surfaces-test');
    Object.assign(win, original);
    const server = join(__dirname, '..', 'fixtures', 'mcp', 'surfaceServer.js');
    await setSetting('mcp.servers', { surface: { type: 'stdio', command: process.execPath, args: [server] } });
    await until('the configured server in the pool', () => sb.mcp.pool.servers().includes('surface'));
  });

  suiteTeardown(async () => {
    Object.assign(win, original);
    await setSetting('mcp.servers', undefined);
    await setProviders(undefined);
    await llm.close();
    await ctx.close();
    probe.dispose();
  });

  test('the tree lists the configured server, and its tools once expanded (the server starts on that first use)', async () => {
    const explorer = sb.explorer;
    const roots = (await explorer.getChildren()) as ExplorerNode[];
    const server = roots.find((n) => n.kind === 'server' && n.name === 'surface');
    assert.ok(server, JSON.stringify(roots));
    const tools = (await explorer.getChildren(server)) as ExplorerNode[];
    const names = tools.map((n) => (n.kind === 'tool' ? n.entry.tool : n.kind));
    assert.deepEqual([...names].sort(), ['add', 'describe_order', 'echo', 'red_square', 'xss_probe']);
    assert.equal(sb.mcp.runningServers(), 1);

    const item = explorer.getTreeItem(server);
    // State first and short enough for the default side-bar width; the token cost is in the tooltip.
    assert.equal(item.description, 'running · 5 tools');
    assert.match(String(item.tooltip), /5 tools; offering them all costs about \d+ prompt tokens/);
    // Server-supplied descriptions are plain-string tooltips: never Markdown, never HTML.
    const xss = tools.find((n) => n.kind === 'tool' && n.entry.tool === 'xss_probe')!;
    const tip = explorer.getTreeItem(xss).tooltip;
    assert.equal(typeof tip, 'string');
    assert.ok(String(tip).includes(XSS_DESCRIPTION));
  });

  test('the Call Tool form page asks for the tool through the protocol', async () => {
    probe.dispose();
    probe = new WebviewProbe();
    const entry = sb.mcp.registry.resolve('surface/describe_order');
    sb.callTool.show(entry);
    const tool = await until('the tool shown to the ready page', () => probe.readies > 0 && (probe.notifications('callTool/tool')[0] as ToolForm | undefined));
    assert.equal(tool.qualifiedName, 'surface/describe_order');
  });

  test('a recorded call changes the status-bar text within a second or two', async () => {
    await sb.meter.update();
    const before = ctx.statusItem.text;
    llm.enqueue(sse(openaiChatChunks({ text: 'Hello from the fixture.', usage: openaiUsage(1_000_000, 100_000) })));
    const result = await sb.runPrompt({ prompt: 'Say hello', providerId: 'fixture' });
    assert.equal(result?.reason, 'done');
    const after = await until('a new status-bar text', () => (ctx.statusItem.text !== before ? ctx.statusItem.text : undefined), 5000);
    // gpt-4o-mini: 1M input at $0.15 + 100k output at $0.60/M = $0.21.
    assert.match(after, /^\$\(pulse\) \$0\.2\d today$/);
    assert.match(ctx.statusItem.tooltipText, /gpt-4o-mini/);
  });

  test('a budget turns the meter red at 100 % and notifies once per period', async () => {
    const shown = () => ctx.prompts.asked.filter((a) => a.kind === 'error').map((a) => a.message);
    try {
      await setSetting('budget.daily', 0.1); // today's spend is already over $0.20
      await until('the error background', () => ctx.statusItem.background === 'statusBarItem.errorBackground');
      await sb.meter.update();
      await sb.meter.update();
      assert.equal(shown().filter((m) => /over your daily budget/.test(m)).length, 1, shown().join(' | '));
      // The tooltip is Markdown: its text comes escaped (&nbsp;, \().
      const tooltip = (ctx.statusItem.tooltipText).replace(/&nbsp;/g, ' ').replace(/\\/g, '');
      assert.match(tooltip, /Daily budget: \$0\.2\d of \$0\.10 \(2\d\d %\)/);
    } finally {
      await setSetting('budget.daily', undefined);
    }
    await until('the normal background', () => ctx.statusItem.background === undefined);
  });

  test('the same prompt again is answered by the response cache, recorded as a hit', async () => {
    const requestsBefore = llm.requestCount;
    const hitsBefore = sb.cache.stats().hits;
    const result = await sb.runPrompt({ prompt: 'Say hello', providerId: 'fixture' });
    assert.equal(result?.text, 'Hello from the fixture.');
    assert.equal(llm.requestCount, requestsBefore, 'no request reached the provider');
    assert.equal(sb.cache.stats().hits, hitsBefore + 1);
    const detail = await sb.ledger.get().query({ q: 'execution', id: result!.executionId });
    assert.deepEqual(detail.calls.map((c) => [c.cacheHit, c.costUsd]), [[true, 0]]);
    assert.ok((detail.calls[0]?.savedUsd ?? 0) > 0.2);
  });

  test('an agent run with one tool call leaves the execution, its calls and its tool call in the ledger', async () => {
    const echo = sb.mcp.registry.resolve('surface/echo');
    sb.mcp.registry.preferences.setApprovalMode(echo.qualifiedName, 'auto');
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'call_1', name: echo.functionName, arguments: '{"text":"ping"}' }], usage: openaiUsage(200, 20) })));
    llm.enqueue(sse(openaiChatChunks({ text: 'The tool answered ping.', usage: openaiUsage(260, 10) })));
    const result = await sb.runPrompt({ prompt: 'Use the echo tool', providerId: 'fixture' });
    assert.equal(result?.reason, 'done');
    assert.equal(result?.steps, 2);
    const offered = (llm.requests.at(-2)?.body as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name);
    assert.ok(offered.includes(echo.functionName));

    const detail = await sb.ledger.get().query({ q: 'execution', id: result!.executionId });
    assert.equal(detail.execution?.status, 'ok');
    assert.equal(detail.execution?.kind, 'agent');
    assert.deepEqual(detail.calls.map((c) => [c.model, c.usage.inputTokens, c.status]), [['gpt-4o-mini', 200, 'ok'], ['gpt-4o-mini', 260, 'ok']]);
    assert.deepEqual(detail.toolCalls.map((t) => [t.server, t.tool, t.status]), [['surface', 'echo', 'ok']]);
    // The tool's answer went back to the model.
    const messages = (llm.requests.at(-1)?.body as { messages: { role: string; content: unknown }[] }).messages;
    assert.ok(messages.some((m) => m.role === 'tool' && JSON.stringify(m.content).includes('ping')), JSON.stringify(messages));
  });

  test('Run Prompt starts an enabled server nobody has expanded yet and offers its tools', async () => {
    const server = join(__dirname, '..', 'fixtures', 'mcp', 'surfaceServer.js');
    const surface = { type: 'stdio', command: process.execPath, args: [server] };
    await setSetting('mcp.servers', { surface, lazy: surface });
    try {
      const mcp = sb.mcp;
      await until('the new server in the pool', () => mcp.pool.servers().includes('lazy'));
      assert.equal(mcp.pool.status('lazy')?.state, 'stopped');
      assert.deepEqual(mcp.registry.tools('lazy'), []);
      llm.enqueue(sse(openaiChatChunks({ text: 'I see the lazy tools.', usage: openaiUsage(120, 8) })));
      const result = await sb.runPrompt({ prompt: 'Which tools do you have from the lazy server?', providerId: 'fixture' });
      assert.equal(result?.reason, 'done');
      const offered = (llm.requests.at(-1)?.body as { tools?: { function: { name: string } }[] }).tools?.map((t) => t.function.name) ?? [];
      assert.ok(offered.includes(functionNameFor('lazy', 'echo')), offered.join(', '));
      assert.equal(mcp.pool.status('lazy')?.state, 'running');
    } finally {
      await setSetting('mcp.servers', { surface });
    }
  });

  test('the dashboard page receives its data through the protocol', async () => {
    probe.dispose();
    probe = new WebviewProbe();
    sb.dashboard.show();
    const answer = await until('the answer to the page’s load request', () => probe.answerTo('dashboard/load'));
    assert.ok(answer.ok, JSON.stringify(answer));
    const data = answer.result as DashboardData;
    assert.ok(data.totals.calls >= 4, JSON.stringify(data.totals));
    assert.ok(data.byModel.some((r) => r.key === 'gpt-4o-mini'));
    assert.ok(data.executions.length >= 3);
    assert.equal(data.days.length, 30);
  });

  test('every command runs from the palette without error', async () => {
    // Answer every prompt the way a user dismissing it would; the commands must cope.
    win.showQuickPick = (() => Promise.resolve(undefined)) as MutableWindow['showQuickPick'];
    win.showInputBox = () => Promise.resolve(undefined);
    win.showSaveDialog = () => Promise.resolve(undefined);
    win.showInformationMessage = (() => Promise.resolve(undefined)) as MutableWindow['showInformationMessage'];
    win.showWarningMessage = (() => Promise.resolve(undefined)) as MutableWindow['showWarningMessage'];
    llm.enqueue(json(openaiModels(['gpt-4o-mini', 'gpt-4o']))); // for Select Model
    const commands = (vscode.extensions.getExtension('switchboard-dev.switchboard')!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    try {
      const errors = await errorsShownDuring(async () => {
        for (const id of commands) await vscode.commands.executeCommand(id);
      });
      assert.deepEqual(errors, []);
    } finally {
      Object.assign(win, original);
    }
  });
});
