// Switchboard's models through VS Code's own language model API (vendor `switchboard`), against
// the loopback fixture vendor: listing, streaming, tools, ledger rows, cache hits, cancellation
// and budget enforcement.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../src/extension';
import type { CallRow } from '../../src/core/usage/protocol';
import { json, LlmServer, sse } from '../fixtures/llmServer';
import { openaiChatChunks, openaiModels, openaiUsage } from '../fixtures/openaiWire';
import { api, setSetting } from './harness';
import { type MutableWindow, setProviders } from './llm/settingsHelpers';

const win = vscode.window as MutableWindow;
const original = { showInputBox: win.showInputBox, showErrorMessage: win.showErrorMessage };
const { User, Assistant } = vscode.LanguageModelChatMessage;

async function collect(response: vscode.LanguageModelChatResponse): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const part of response.stream) parts.push(part);
  return parts;
}

/** Polls an async probe until it gives a value (the ledger applies records in its worker). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const textOf = (parts: unknown[]) => parts.filter((p) => p instanceof vscode.LanguageModelTextPart).map((p) => (p as vscode.LanguageModelTextPart).value).join('');

suite('VS Code chat models (vendor switchboard)', () => {
  let sb: SwitchboardApi;
  let llm: LlmServer;
  let model: vscode.LanguageModelChat;
  const shown: string[] = [];

  /** The ledger rows of the calls whose execution is a chat request, newest last. */
  async function chatCalls(): Promise<CallRow[]> {
    const ledger = sb.services.ledger.get();
    const execs = await ledger.query({ q: 'topExecutions', range: { from: Date.now() - 3_600_000, to: Date.now() + 60_000 }, limit: 100 });
    const rows: CallRow[] = [];
    for (const e of execs.filter((x) => x.kind === 'vscode-chat')) rows.push(...(await ledger.query({ q: 'execution', id: e.id })).calls);
    return rows.sort((a, b) => a.startedAt - b.startedAt);
  }

  suiteSetup(async () => {
    sb = await api();
    llm = await LlmServer.start();
    llm.setDefault(json(openaiModels(['gpt-4o-mini', 'gpt-4o', 'text-embedding-3-small'])));
    win.showInputBox = () => Promise.resolve('sk-chat-test');
    win.showErrorMessage = ((message: string) => {
      shown.push(message);
      return Promise.resolve(undefined);
    }) as MutableWindow['showErrorMessage'];
    await setProviders([{ id: 'chatfix', kind: 'openai', baseUrl: `${llm.url}/v1`, label: 'Fixture', defaultModel: 'gpt-4o-mini' }]);
    await vscode.commands.executeCommand('switchboard.setApiKey', 'chatfix');
    win.showInputBox = original.showInputBox;
  });

  suiteTeardown(async () => {
    Object.assign(win, original);
    await setSetting('budget.enforcement', undefined);
    await setSetting('budget.daily', undefined);
    await setProviders(undefined);
    await llm.close();
  });

  test('selectChatModels lists the fixture provider\'s chat models, named after the provider', async () => {
    const models = await eventually('the fixture models', async () => {
      const m = await vscode.lm.selectChatModels({ vendor: 'switchboard' });
      return m.length >= 2 ? m : undefined;
    });
    const listed = models.map((m) => [m.id, m.name, m.maxInputTokens]);
    assert.deepEqual(listed, [
      ['chatfix/gpt-4o-mini', 'gpt-4o-mini · Fixture (Switchboard)', 128_000 - 16_384],
      ['chatfix/gpt-4o', 'gpt-4o · Fixture (Switchboard)', 128_000 - 16_384],
    ]);
    model = models[0]!;
    assert.equal(await model.countTokens('hello world'), 2);
  });

  test('sendRequest streams the text, and the ledger has one row with the exact usage and cost', async () => {
    llm.enqueue(sse(openaiChatChunks({ text: 'Hello from the chat fixture.', fragmentSize: 5, usage: openaiUsage(1_000_000, 100_000) })));
    const before = llm.requestCount;
    const parts = await collect(await model.sendRequest([User('Say hello')]));
    assert.equal(textOf(parts), 'Hello from the chat fixture.');
    assert.ok(parts.length > 1, 'streamed in several parts');
    assert.equal(llm.requestCount, before + 1);
    const [row] = await eventually('the chat call in the ledger', async () => ((await chatCalls()).length === 1 ? chatCalls() : undefined));
    assert.equal(row!.usage.inputTokens, 1_000_000);
    assert.equal(row!.usage.outputTokens, 100_000);
    // gpt-4o-mini: $0.15/M input + $0.60/M output.
    assert.equal(row!.costUsd?.toFixed(6), '0.210000');
    assert.equal(row!.status, 'ok');
  });

  test('the same request again is a cache hit at $0 with dollars saved, and reaches no server', async () => {
    const before = llm.requestCount;
    const parts = await collect(await model.sendRequest([User('Say hello')]));
    assert.equal(textOf(parts), 'Hello from the chat fixture.');
    assert.equal(llm.requestCount, before);
    const rows = await eventually('the hit in the ledger', async () => ((await chatCalls()).length === 2 ? chatCalls() : undefined));
    const hit = rows[1]!;
    assert.deepEqual([hit.cacheHit, hit.costUsd], [true, 0]);
    assert.equal(hit.savedUsd?.toFixed(6), '0.210000');
  });

  test('a tool request gets a LanguageModelToolCallPart, and the follow-up with its result completes', async () => {
    const tools = [{ name: 'lookup', description: 'Looks a word up', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } }];
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'call_7', name: 'lookup', arguments: '{"word":"switch"}' }], usage: openaiUsage(50, 10) })));
    const parts = await collect(await model.sendRequest([User('Look up "switch"')], { tools, toolMode: vscode.LanguageModelChatToolMode.Required }));
    const call = parts.find((p) => p instanceof vscode.LanguageModelToolCallPart) as vscode.LanguageModelToolCallPart;
    assert.deepEqual([call.callId, call.name, call.input], ['call_7', 'lookup', { word: 'switch' }]);
    const sent = llm.requests.at(-1)!.body as { tool_choice: unknown; tools: unknown[] };
    assert.equal(sent.tool_choice, 'required');
    assert.equal(sent.tools.length, 1);

    llm.enqueue(sse(openaiChatChunks({ text: 'A switch connects circuits.', usage: openaiUsage(80, 8) })));
    const followUp = [
      User('Look up "switch"'),
      Assistant([call]),
      User([new vscode.LanguageModelToolResultPart('call_7', [new vscode.LanguageModelTextPart('connects circuits')])]),
    ];
    assert.equal(textOf(await collect(await model.sendRequest(followUp, { tools }))), 'A switch connects circuits.');
    const messages = (llm.requests.at(-1)!.body as { messages: Array<Record<string, unknown>> }).messages;
    assert.deepEqual(messages.at(-1), { role: 'tool', tool_call_id: 'call_7', content: 'connects circuits' });
  });

  test('cancelling mid-stream closes the upstream stream and records a cancelled call', async () => {
    llm.enqueue({ ...sse(openaiChatChunks({ text: 'This answer never ends', usage: openaiUsage(10, 5) }).slice(0, 3)), hold: true });
    const cts = new vscode.CancellationTokenSource();
    const response = await model.sendRequest([User('Talk forever')], {}, cts.token);
    const disconnected = llm.nextDisconnect();
    for await (const part of response.stream) {
      if (part instanceof vscode.LanguageModelTextPart && part.value) break;
    }
    cts.cancel();
    await disconnected;
    const row = await eventually('the cancelled call', async () => (await chatCalls()).find((r) => r.status === 'cancelled'));
    assert.equal(row.cacheHit, false);
  });

  test('block enforcement refuses a request past budget before it reaches the server', async () => {
    await setSetting('budget.daily', 0.01); // today's chat spend is already $0.21
    await setSetting('budget.enforcement', 'block');
    const before = llm.requestCount;
    await assert.rejects(
      async () => collect(await model.sendRequest([User('Something new')])),
      /daily budget of \$0\.01 is reached \(\$0\.2\d spent today\)/,
    );
    assert.equal(llm.requestCount, before, 'no request reached the fixture');
    assert.ok(shown.some((m) => /daily budget/.test(m)), shown.join(' | '));
  });
});
