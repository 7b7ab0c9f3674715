// The official `@anthropic-ai/sdk` client pointed at the gateway.
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { json, sse } from '../../../fixtures/llmServer';
import { anthropicMessage, anthropicMessageEvents, anthropicUsage } from '../../../fixtures/anthropicWire';
import { startHarness } from './harness';
import type { Harness } from './harness';

describe('gateway: Anthropic clients', () => {
  let h: Harness;
  let client: Anthropic;
  beforeEach(async () => {
    h = await startHarness();
    const { key } = await h.keys.create('claude-code');
    client = new Anthropic({ baseURL: h.gateway.url, apiKey: key, maxRetries: 0 });
  });
  afterEach(() => h.close());

  it('a JSON message with a tool call and cache_control: passed through, usage exact, row attributed', async () => {
    const usage = anthropicUsage(50, 20, { read: 400, write5m: 100, write1h: 30 });
    h.anthropic.enqueue(json(anthropicMessage({ text: 'checking', toolCalls: [{ id: 'toolu_9', name: 'lookup', arguments: '{"q":"z"}' }], usage })));
    const system = [{ type: 'text' as const, text: 'long preamble', cache_control: { type: 'ephemeral' as const } }];
    const m = await client.messages.create({
      model: 'claude-test',
      max_tokens: 100,
      system,
      messages: [{ role: 'user', content: 'z?' }],
      tools: [{ name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
    });
    assert.equal(m.stop_reason, 'tool_use');
    const tool = m.content.find((b) => b.type === 'tool_use');
    assert.deepEqual(tool && [tool.id, tool.name, tool.input], ['toolu_9', 'lookup', { q: 'z' }]);
    assert.deepEqual(
      [m.usage.input_tokens, m.usage.output_tokens, m.usage.cache_read_input_tokens, m.usage.cache_creation_input_tokens, m.usage.cache_creation?.ephemeral_1h_input_tokens],
      [50, 20, 400, 130, 30],
    );
    const sent = h.anthropic.requests.find((r) => r.path === '/v1/messages')!;
    assert.deepEqual((sent.body as { system: unknown }).system, system, 'cache_control reached the upstream');
    assert.match(JSON.stringify(sent.headers), /upstream-secret/, 'the upstream key, never the client key');
    assert.doesNotMatch(JSON.stringify(sent.headers), /sb-/);
    const rows = await h.rows();
    assert.deepEqual([rows[0]!.client, rows[0]!.usage.inputTokens, rows[0]!.usage.cacheWriteTokens], ['claude-code', 580, 130]);
  });

  it('streams text and tool calls as Messages events; the repeat is a cache hit', async () => {
    const answer = { text: 'on it', toolCalls: [{ id: 'toolu_2', name: 'run', arguments: '{"cmd":"ls"}' }], usage: anthropicUsage(9, 4) };
    h.anthropic.enqueue(sse(anthropicMessageEvents(answer)));
    const ask = () => client.messages.stream({ model: 'an/claude-test', max_tokens: 50, messages: [{ role: 'user', content: 'ls' }] }).finalMessage();
    const first = await ask();
    const text = first.content.find((b) => b.type === 'text');
    const tool = first.content.find((b) => b.type === 'tool_use');
    assert.deepEqual([text?.type === 'text' && text.text, tool?.type === 'tool_use' && tool.input, first.stop_reason], ['on it', { cmd: 'ls' }, 'tool_use']);
    assert.deepEqual([first.usage.input_tokens, first.usage.output_tokens], [9, 4]);
    const second = await ask();
    assert.deepEqual(second.content, first.content);
    assert.equal(h.anthropic.requestCount, 1);
    assert.deepEqual((await h.rows()).map((r) => r.cacheHit).sort(), [false, true]);
  });

  it('an OpenAI upstream answers an Anthropic client, and count_tokens answers without an upstream call', async () => {
    h.openai.enqueue(json({ id: 'c', object: 'chat.completion', created: 0, model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'hey' }, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } }));
    const m = await client.messages.create({ model: 'oa/gpt-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual([m.content[0]?.type === 'text' && m.content[0].text, m.usage.input_tokens, m.usage.output_tokens], ['hey', 7, 2]);
    const count = await client.messages.countTokens({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'a'.repeat(400) }] });
    assert.ok(count.input_tokens >= 100);
    assert.equal(h.openai.requestCount, 1);
  });

  it("relays thinking blocks (signed and redacted) unchanged, sends them back on the next turn, and passes the client's anthropic-beta on", async () => {
    const thinking = [{ thinking: 'The user wants a listing.', signature: 'sig-Ab3' }, { redacted: 'EncryptedBytes==' }];
    h.anthropic.enqueue(sse(anthropicMessageEvents({ thinking, text: 'on it', toolCalls: [{ id: 'toolu_7', name: 'run', arguments: '{"cmd":"ls"}' }], usage: anthropicUsage(9, 40) })));
    const beta = { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27' } };
    const params = { model: 'an/claude-test', max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 } };
    const first = await client.messages.stream({ ...params, messages: [{ role: 'user', content: 'ls' }] }, beta).finalMessage();
    assert.deepEqual(first.content.slice(0, 2), [
      { type: 'thinking', thinking: 'The user wants a listing.', signature: 'sig-Ab3' },
      { type: 'redacted_thinking', data: 'EncryptedBytes==' },
    ]);
    assert.deepEqual(first.content.slice(2).map((b) => b.type), ['text', 'tool_use']);
    assert.equal(h.anthropic.requests[0]!.headers['anthropic-beta'], beta.headers['anthropic-beta']);

    // The tool loop's next turn: with thinking on, the API requires the assistant turn to start with its thinking.
    h.anthropic.enqueue(json(anthropicMessage({ thinking: [{ thinking: 'Now summarise.', signature: 'sig-2' }], text: 'two files' })));
    const history = [{ role: 'user' as const, content: 'ls' }, { role: 'assistant' as const, content: first.content }];
    const second = await client.messages.create({ ...params, messages: [...history, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_7', content: 'a b' }] }] }, beta);
    assert.deepEqual(second.content[0], { type: 'thinking', thinking: 'Now summarise.', signature: 'sig-2' });
    const sent = h.anthropic.requests[1]!.body as { messages: Array<{ content: unknown[] }> };
    assert.deepEqual(sent.messages[1]!.content.slice(0, 2), first.content.slice(0, 2));

    // An OpenAI upstream is never given an Anthropic client's headers.
    h.openai.enqueue(json({ id: 'c', object: 'chat.completion', created: 0, model: 'gpt-test', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
    await client.messages.create({ model: 'oa/gpt-test', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, beta);
    assert.equal(h.openai.requests[0]!.headers['anthropic-beta'], undefined);
  });

  it('relays server tool calls and results (web search) whole to a Messages client, streamed, as JSON and from the cache', async () => {
    const serverBlocks = [
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'node 24 release date' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', title: 'Node.js 24', url: 'https://example.test/node24', encrypted_content: 'EqAB', page_age: null }] },
    ];
    const answer = { serverBlocks, text: 'It was released in May 2025.', usage: anthropicUsage(30, 12) };
    h.anthropic.enqueue(sse(anthropicMessageEvents(answer)));
    h.anthropic.enqueue(json(anthropicMessage(answer)));
    const params = { model: 'an/claude-test', max_tokens: 1024, tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 3 }] };
    const ask = (content: string) => client.messages.stream({ ...params, messages: [{ role: 'user', content }] }).finalMessage();
    const streamed = await ask('When was Node 24 released?');
    assert.deepEqual(streamed.content.slice(0, 2), serverBlocks);
    assert.deepEqual(streamed.content.slice(2).map((b) => b.type === 'text' && b.text), ['It was released in May 2025.']);
    const sent = h.anthropic.requests[0]!.body as { tools: unknown[] };
    assert.deepEqual(sent.tools, params.tools, 'the server tool reached the upstream');
    const viaJson = await client.messages.create({ ...params, messages: [{ role: 'user', content: 'And Node 22?' }] });
    assert.deepEqual(viaJson.content.slice(0, 2), serverBlocks);
    const cached = await ask('When was Node 24 released?');
    assert.deepEqual(cached.content, streamed.content);
    assert.equal(h.anthropic.requestCount, 2);
  });

  it("passes an Anthropic upstream's own stop reasons on: pause_turn (and keeps no such answer), stop_sequence with its sequence", async () => {
    const ask = () => client.messages.create({ model: 'an/claude-test', max_tokens: 64, stop_sequences: ['END'], messages: [{ role: 'user', content: 'go' }] });
    h.anthropic.enqueue(json(anthropicMessage({ text: 'searching…', finishReason: 'pause_turn' })));
    h.anthropic.enqueue(sse(anthropicMessageEvents({ text: 'done', finishReason: 'pause_turn' })));
    h.anthropic.enqueue(json({ ...anthropicMessage({ text: 'up to ', finishReason: 'stop_sequence' }), stop_sequence: 'END' }));
    assert.equal((await ask()).stop_reason, 'pause_turn');
    const streamed = await client.messages.stream({ model: 'an/claude-test', max_tokens: 64, stop_sequences: ['END'], messages: [{ role: 'user', content: 'go' }] }).finalMessage();
    assert.equal(streamed.stop_reason, 'pause_turn');
    const third = await ask();
    assert.deepEqual([third.stop_reason, third.stop_sequence], ['stop_sequence', 'END']);
    assert.equal(h.anthropic.requestCount, 3, 'a paused turn is not answered from the cache');
  });
});
