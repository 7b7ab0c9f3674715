// Switchboard's models in VS Code's chat, in a real extension host. The listing and token count go
// through `vscode.lm` to the installed extension (neither touches a ledger); requests go to a chat
// provider built over a test Switchboard (testSwitchboard()), with VS Code's own message, part and
// cancellation classes, so its ledger is this suite's own: the installed extension already owns the
// `switchboard` vendor, and a vendor has exactly one provider.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallRow } from '../../src/core/usage/protocol';
import { createChatProvider } from '../../src/vscode/chat/registerChat';
import type { SwitchboardChatModel } from '../../src/vscode/chat/chatModels';
import { json, LlmServer, sse } from '../fixtures/llmServer';
import { openaiChatChunks, openaiError, openaiModels, openaiUsage } from '../fixtures/openaiWire';
import { testSwitchboard, type TestContext } from './context';
import { activated, setSetting, until } from './harness';
import { setProviders } from './llm/settingsHelpers';

const { User, Assistant } = vscode.LanguageModelChatMessage;
const WORKSPACE = 'chat-test-workspace';
type Msg = vscode.LanguageModelChatRequestMessage;
type Options = Partial<vscode.ProvideLanguageModelChatResponseOptions>;

const textOf = (parts: unknown[]) => parts.filter((p) => p instanceof vscode.LanguageModelTextPart).map((p) => (p as vscode.LanguageModelTextPart).value).join('');

suite('VS Code chat models (vendor switchboard)', () => {
  let listing: LlmServer;
  let llm: LlmServer;
  let ctx: TestContext;
  let chat: ReturnType<typeof createChatProvider>;
  let model: SwitchboardChatModel;

  /** Sends through the provider as VS Code does: parts reported to a progress, a token to cancel. */
  async function send(messages: Msg[], options: Options = {}, token = new vscode.CancellationTokenSource().token): Promise<unknown[]> {
    const parts: unknown[] = [];
    const opts = { toolMode: vscode.LanguageModelChatToolMode.Auto, ...options } as vscode.ProvideLanguageModelChatResponseOptions;
    await chat.provider.provideLanguageModelChatResponse(model, messages, opts, { report: (p) => parts.push(p) }, token);
    return parts;
  }

  /** This Switchboard's calls made for chat requests, oldest first. */
  async function chatCalls(): Promise<CallRow[]> {
    const ledger = ctx.sb.ledger.get();
    const execs = await ledger.query({ q: 'topExecutions', range: { from: Date.now() - 3_600_000, to: Date.now() + 60_000 }, limit: 100 });
    const rows: CallRow[] = [];
    for (const e of execs.filter((x) => x.kind === 'vscode-chat')) rows.push(...(await ledger.query({ q: 'execution', id: e.id })).calls);
    return rows.sort((a, b) => a.startedAt - b.startedAt);
  }

  const callsAfter = (n: number) => until(`${n + 1} chat calls in the ledger`, async () => ((await chatCalls()).length > n ? chatCalls() : undefined));

  suiteSetup(async () => {
    await activated();
    listing = await LlmServer.start();
    listing.setDefault(json(openaiModels(['local-llama', 'nomic-embed-text'])));
    llm = await LlmServer.start();
    await setProviders([
      // Listed by the installed extension through vscode.lm: a compatible server needs no key.
      { id: 'chatlocal', kind: 'openai-compatible', baseUrl: `${listing.url}/v1`, label: 'Local fixture', defaultModel: 'local-llama' },
      { id: 'chatfix', kind: 'openai', baseUrl: `${llm.url}/v1`, label: 'Fixture', defaultModel: 'gpt-4o-mini', maxRetries: 0 },
      { id: 'chatnokey', kind: 'openai', baseUrl: `${llm.url}/v1`, label: 'No key', defaultModel: 'gpt-4o-mini' },
    ]);
    ctx = testSwitchboard({ workspace: WORKSPACE });
    await ctx.storage.secrets.store('switchboard.apiKey.chatfix', 'sk-chat-test');
    chat = createChatProvider(ctx.sb);
  });

  suiteTeardown(async () => {
    chat.dispose();
    await ctx.close();
    for (const key of ['budget.enforcement', 'budget.daily', 'budget.workspaceMonthly']) await setSetting(key, undefined);
    await setProviders(undefined);
    await llm.close();
    await listing.close();
  });

  test('vscode.lm.selectChatModels lists the fixture providers\' chat models, named after the provider, and counts tokens', async () => {
    const models = await until('the fixture models through vscode.lm', async () => {
      const m = await vscode.lm.selectChatModels({ vendor: 'switchboard' });
      return m.some((x) => x.id === 'chatlocal/local-llama') ? m : undefined;
    });
    const local = models.filter((m) => m.id.startsWith('chatlocal/')).map((m) => [m.id, m.name, m.vendor, m.maxInputTokens]);
    assert.deepEqual(local, [['chatlocal/local-llama', 'local-llama · Local fixture (Switchboard)', 'switchboard', 32_768 - 4_096]]);
    // No key for `chatfix` in the installed extension: it offers the default model only.
    assert.deepEqual(models.filter((m) => m.id.startsWith('chatfix/')).map((m) => m.id), ['chatfix/gpt-4o-mini']);
    const mini = models.find((m) => m.id === 'chatfix/gpt-4o-mini')!;
    assert.equal(await mini.countTokens('hello world'), 2);
    assert.equal(await mini.countTokens(User('hello world')), 2 + 3);
  });

  test("the provider lists every model a keyed provider has (embeddings left out), with limits from the price data", async () => {
    llm.setDefault(json(openaiModels(['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'])));
    const models = await chat.provider.provideLanguageModelChatInformation();
    llm.setDefault(undefined);
    const fix = models.filter((m) => m.providerId === 'chatfix').map((m) => [m.id, m.name, m.maxInputTokens, m.capabilities.toolCalling, m.capabilities.imageInput]);
    assert.deepEqual(fix, [
      ['chatfix/gpt-4o-mini', 'gpt-4o-mini · Fixture (Switchboard)', 128_000 - 16_384, 128, true],
      ['chatfix/gpt-4o', 'gpt-4o · Fixture (Switchboard)', 128_000 - 16_384, 128, true],
    ]);
    model = models.find((m) => m.id === 'chatfix/gpt-4o-mini')!;
  });

  test('a request streams its text, and the ledger has one row with the exact usage, cost and attribution', async () => {
    llm.enqueue(sse(openaiChatChunks({ text: 'Hello from the chat fixture.', fragmentSize: 5, usage: openaiUsage(1_000_000, 100_000) })));
    const before = llm.requestCount;
    const parts = await send([User('Say hello')]);
    assert.equal(textOf(parts), 'Hello from the chat fixture.');
    assert.ok(parts.length > 1, 'streamed in several parts');
    assert.equal(llm.requestCount, before + 1);
    const [row] = await callsAfter(0);
    assert.deepEqual([row!.usage.inputTokens, row!.usage.outputTokens, row!.status, row!.cacheHit], [1_000_000, 100_000, 'ok', false]);
    // gpt-4o-mini: $0.15/M input + $0.60/M output.
    assert.equal(row!.costUsd?.toFixed(6), '0.210000');
    assert.deepEqual([row!.source, row!.client, row!.workspace], ['vscode-chat', undefined, WORKSPACE]);
  });

  test('the same request again is a cache hit at $0 with dollars saved, and reaches no server', async () => {
    const before = llm.requestCount;
    assert.equal(textOf(await send([User('Say hello')])), 'Hello from the chat fixture.');
    assert.equal(llm.requestCount, before);
    const hit = (await callsAfter(1))[1]!;
    assert.deepEqual([hit.cacheHit, hit.costUsd, hit.source, hit.workspace], [true, 0, 'vscode-chat', WORKSPACE]);
    assert.equal(hit.savedUsd?.toFixed(6), '0.210000');
  });

  test('a tool request gets a LanguageModelToolCallPart, and the follow-up with its result completes', async () => {
    const tools = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'call_7', name: 'lookup', arguments: '{"word":"switch"}' }], usage: openaiUsage(50, 10) })));
    const parts = await send([User('Look up "switch"')], { tools, toolMode: vscode.LanguageModelChatToolMode.Required });
    const call = parts.find((p) => p instanceof vscode.LanguageModelToolCallPart) as vscode.LanguageModelToolCallPart;
    assert.deepEqual([call.callId, call.name, call.input], ['call_7', 'lookup', { word: 'switch' }]);
    const sent = llm.requests.at(-1)!.body as { tool_choice: unknown; tools: unknown[] };
    assert.equal(sent.tool_choice, 'required');
    assert.equal(sent.tools.length, 1);

    llm.enqueue(sse(openaiChatChunks({ text: 'A switch connects circuits.', usage: openaiUsage(80, 8) })));
    const toolResult = new vscode.LanguageModelToolResultPart('call_7', [new vscode.LanguageModelTextPart('connects circuits')]);
    const followUp = [User('Look up "switch"'), Assistant([call]), User([toolResult])];
    assert.equal(textOf(await send(followUp, { tools })), 'A switch connects circuits.');
    const messages = (llm.requests.at(-1)!.body as { messages: Array<Record<string, unknown>> }).messages;
    assert.deepEqual(messages.at(-1), { role: 'tool', tool_call_id: 'call_7', content: 'connects circuits' });
  });

  test('cancelling mid-stream closes the upstream stream and records a cancelled call', async () => {
    llm.enqueue({ ...sse(openaiChatChunks({ text: 'This answer never ends', usage: openaiUsage(10, 5) }).slice(0, 3)), hold: true });
    const cts = new vscode.CancellationTokenSource();
    const disconnected = llm.nextDisconnect();
    const parts: unknown[] = [];
    const opts = { toolMode: vscode.LanguageModelChatToolMode.Auto } as vscode.ProvideLanguageModelChatResponseOptions;
    const progress = { report: (p: unknown) => (parts.push(p), p instanceof vscode.LanguageModelTextPart && cts.cancel()) };
    await chat.provider.provideLanguageModelChatResponse(model, [User('Talk forever')], opts, progress, cts.token);
    await disconnected;
    assert.ok(textOf(parts).length > 0);
    const row = await until('the cancelled call', async () => (await chatCalls()).find((r) => r.status === 'cancelled'));
    assert.deepEqual([row.cacheHit, row.errorKind], [false, 'cancelled']);
  });

  for (const [status, headers, kind, shown] of [
    [401, {}, 'auth', /chatfix rejected the API key \(chatfix: 401 auth: Incorrect API key\)/],
    [429, { 'retry-after': '7' }, 'rate-limited', /rate limiting requests to gpt-4o-mini\. Retry in 7 s\./],
    [500, {}, 'server', /chatfix failed to answer \(chatfix: 500 server: upstream down\)\. Try again shortly\./],
  ] as const) {
    test(`a ${status} is a clear chat error and a failed call (${kind})`, async () => {
      const message = status === 401 ? 'Incorrect API key' : status === 429 ? 'slow down' : 'upstream down';
      llm.enqueue({ status, headers, json: openaiError(message) });
      const n = (await chatCalls()).length;
      await assert.rejects(send([User(`fail with ${status}`)]), (err: Error) => (assert.match(err.message, shown), true));
      const row = (await callsAfter(n)).at(-1)!;
      assert.deepEqual([row.status, row.errorKind, row.source], ['error', kind, 'vscode-chat']);
    });
  }

  test('a context that is too long says so', async () => {
    llm.enqueue({ status: 400, json: openaiError("This model's maximum context length is 128000 tokens.", 'invalid_request_error', 'context_length_exceeded') });
    await assert.rejects(send([User('a very long prompt')]), /the conversation is too long for gpt-4o-mini .*Start a new chat or pick a model with a larger context window/);
  });

  test('a missing key fails before anything is sent, with a message that offers Set API Key', async () => {
    const offered: string[][] = [];
    ctx.prompts.answer = (_asked, actions) => void offered.push([...actions]);
    const before = llm.requestCount;
    const noKey = { ...model, id: 'chatnokey/gpt-4o-mini', providerId: 'chatnokey' };
    const opts = { toolMode: vscode.LanguageModelChatToolMode.Auto } as vscode.ProvideLanguageModelChatResponseOptions;
    const run = chat.provider.provideLanguageModelChatResponse(noKey, [User('hi')], opts, { report: () => undefined }, new vscode.CancellationTokenSource().token);
    await assert.rejects(run, /no API key is stored for chatnokey\. Set one to use gpt-4o-mini/);
    assert.equal(llm.requestCount, before);
    assert.ok(ctx.prompts.asked.some((a) => a.kind === 'error' && /no API key is stored for chatnokey/.test(a.message)));
    assert.deepEqual(offered.at(-1), ['Set API Key']);
  });

  test('block enforcement refuses a request past budget before it reaches the server', async () => {
    await setSetting('budget.daily', 0.01); // this Switchboard's spend today is already $0.21
    await setSetting('budget.enforcement', 'block');
    const before = llm.requestCount;
    await assert.rejects(send([User('Something new')]), /your daily budget of \$0\.01 is reached \(\$0\.2\d+ spent today\)/);
    assert.equal(llm.requestCount, before, 'no request reached the fixture server');
    assert.ok(ctx.prompts.asked.some((a) => a.kind === 'error' && /daily budget/.test(a.message)));
    // A cached answer still comes back under `block`: it costs nothing.
    assert.equal(textOf(await send([User('Say hello')])), 'Hello from the chat fixture.');
    assert.equal(llm.requestCount, before);
  });

  test("this workspace's monthly budget blocks too, and is the one named", async () => {
    await setSetting('budget.daily', undefined);
    await setSetting('budget.workspaceMonthly', 0.05);
    await setSetting('budget.enforcement', 'block');
    const before = llm.requestCount;
    await assert.rejects(send([User('Another new one')]), /this workspace's monthly budget of \$0\.05 is reached \(\$0\.2\d+ spent in this workspace this month\)/);
    assert.equal(llm.requestCount, before);
    await setSetting('budget.enforcement', 'warn');
    llm.enqueue(sse(openaiChatChunks({ text: 'Warn lets it through.' })));
    assert.equal(textOf(await send([User('Another new one')])), 'Warn lets it through.');
  });
});
