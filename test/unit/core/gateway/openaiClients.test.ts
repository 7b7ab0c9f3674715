// The official `openai` client pointed at the gateway, the gateway forwarding to loopback vendors.
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { json, sse } from '../../../fixtures/llmServer';
import { openaiChat, openaiChatChunks, openaiUsage } from '../../../fixtures/openaiWire';
import { anthropicMessageEvents } from '../../../fixtures/anthropicWire';
import { startHarness } from './harness';
import type { Harness } from './harness';

describe('gateway: OpenAI clients', () => {
  let h: Harness;
  let client: OpenAI;
  beforeEach(async () => {
    h = await startHarness();
    const { key } = await h.keys.create('cline');
    client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  });
  afterEach(() => h.close());

  it('a JSON chat completion with a tool call comes back as upstream sent it, and its ledger row names the client', async () => {
    const toolCalls = [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }];
    h.openai.enqueue(json(openaiChat({ toolCalls, usage: openaiUsage(120, 30, 64, 7) })));
    const r = await client.chat.completions.create({
      model: 'oa/gpt-test',
      messages: [{ role: 'user', content: 'find x' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
    });
    assert.equal(r.choices[0]?.finish_reason, 'tool_calls');
    const call = r.choices[0]?.message.tool_calls?.[0];
    assert.ok(call?.type === 'function');
    assert.deepEqual([call.id, call.function.name, JSON.parse(call.function.arguments)], ['call_1', 'lookup', { q: 'x' }]);
    assert.deepEqual([r.usage?.prompt_tokens, r.usage?.completion_tokens, r.usage?.prompt_tokens_details?.cached_tokens, r.usage?.completion_tokens_details?.reasoning_tokens], [120, 30, 64, 7]);
    // The upstream got the tools, and never the client's key.
    const sent = h.openai.requests[0]!;
    assert.equal(sent.headers.authorization, 'Bearer upstream-secret');
    assert.equal((sent.body as { model: string }).model, 'gpt-test');
    const rows = await h.rows();
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.source, rows[0]!.client, rows[0]!.usage.inputTokens, rows[0]!.usage.outputTokens, rows[0]!.usage.cacheReadTokens], ['gateway', 'cline', 120, 30, 64]);
  });

  it('streams chunks with include_usage, and the same request again is a cache hit', async () => {
    h.openai.enqueue(sse(openaiChatChunks({ text: 'hello world', usage: openaiUsage(11, 3) })));
    const ask = async () => {
      const stream = await client.chat.completions.create({
        model: 'oa/gpt-test',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, usage };
    };
    const first = await ask();
    assert.deepEqual([first.text, first.usage?.prompt_tokens, first.usage?.completion_tokens], ['hello world', 11, 3]);
    const second = await ask();
    assert.deepEqual([second.text, second.usage?.prompt_tokens], ['hello world', 11]);
    assert.equal(h.openai.requestCount, 1, 'the repeat never reached the upstream');
    const rows = await h.rows();
    assert.deepEqual(rows.map((r) => r.cacheHit).sort(), [false, true]);
  });

  it('streams tool calls, and an Anthropic upstream answers an OpenAI client', async () => {
    h.anthropic.enqueue(sse(anthropicMessageEvents({ text: 'let me look', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"y"}' }] })));
    const stream = await client.chat.completions.create({ model: 'an/claude-test', messages: [{ role: 'user', content: 'y?' }], stream: true });
    let text = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      text += c?.delta.content ?? '';
      args += c?.delta.tool_calls?.map((t) => t.function?.arguments ?? '').join('') ?? '';
      finish = c?.finish_reason ?? finish;
    }
    assert.deepEqual([text, JSON.parse(args), finish], ['let me look', { q: 'y' }, 'tool_calls']);
    const rows = await h.rows();
    assert.deepEqual([rows[0]!.provider, rows[0]!.client], ['an', 'cline']);
  });

  it('relays a chunk while the upstream stream is still open (events are never held for the rest)', async () => {
    // The upstream sends its first two chunks and then keeps the response open.
    h.openai.enqueue({ ...sse(openaiChatChunks({ text: 'first', fragmentSize: 100 }).slice(0, 2)), hold: true });
    const upstreamClosed = h.openai.nextDisconnect();
    const stream = await client.chat.completions.create({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'held' }], stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content === 'first') break;
    }
    // Breaking off closed the client's request, and the gateway closed the upstream one.
    await upstreamClosed;
  });

  it('writes each chunk as the JSON of its object: text needing escapes, the upstream model, the usage chunk', async () => {
    const text = 'say "hi"\n\t\\ ünï 🎉 </script>';
    h.openai.enqueue(sse(openaiChatChunks({ text, model: 'gpt-test-2025', usage: openaiUsage(4, 2), fragmentSize: 3 })));
    const { key } = await h.keys.create('raw');
    const res = await fetch(`${h.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'oa/gpt-test', messages: [{ role: 'user', content: 'raw' }], stream: true, stream_options: { include_usage: true } }),
    });
    const lines = (await res.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    assert.equal(lines.pop(), '[DONE]');
    const chunks = lines.map((line) => {
      const parsed = JSON.parse(line) as OpenAI.ChatCompletionChunk;
      assert.equal(line, JSON.stringify(parsed), 'canonical JSON, keys in the order of the object');
      return parsed;
    });
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), text);
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]!.id && c.created === chunks[0]!.created));
    assert.deepEqual(chunks.slice(-2).map((c) => [c.model, c.choices[0]?.finish_reason ?? null, c.usage?.total_tokens ?? null]), [['gpt-test-2025', 'stop', null], ['gpt-test-2025', null, 6]]);
    assert.deepEqual(chunks[0]!.choices, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  });

  it('lists models as provider/model, and an unknown model is a 404 naming what is available', async () => {
    h.openai.enqueue(json({ object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 0, owned_by: 'x' }] }));
    h.anthropic.enqueue(json({ data: [], has_more: false, first_id: null, last_id: null }));
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.deepEqual(ids, ['oa/gpt-test', 'an/claude-test']);
    const err = await client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.NotFoundError);
    assert.match(err.message, /"nope".*Available: oa\/gpt-test, an\/claude-test/);
    assert.equal(h.anthropic.requestCount + h.openai.requestCount, 2, 'only the model lists were fetched');
  });
});
