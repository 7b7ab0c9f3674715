// The official `openai` client's Responses API (create, create with stream, stream helper)
// pointed at the gateway, the gateway forwarding to loopback vendors that speak other formats.
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { json, sse } from '../../../fixtures/llmServer';
import { openaiChat, openaiChatChunks, openaiUsage } from '../../../fixtures/openaiWire';
import { anthropicMessageEvents } from '../../../fixtures/anthropicWire';
import { startHarness } from './harness';
import type { Harness } from './harness';

const lookupTool = { type: 'function' as const, name: 'lookup', description: 'Looks x up', strict: false, parameters: { type: 'object', properties: { q: { type: 'string' } } } };

interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: unknown; tool_call_id?: string; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }> }>;
  tools?: Array<{ function: { name: string } }>;
  max_completion_tokens?: number;
  temperature?: number;
  parallel_tool_calls?: boolean;
}

describe('gateway: OpenAI Responses API clients', () => {
  let h: Harness;
  let client: OpenAI;
  beforeEach(async () => {
    h = await startHarness();
    const { key } = await h.keys.create('codex');
    client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  });
  afterEach(() => h.close());

  it('a JSON response carries the text and the exact usage (cached and reasoning tokens); the ledger row names the client', async () => {
    h.openai.enqueue(json(openaiChat({ text: 'the answer', usage: openaiUsage(120, 30, 64, 7) })));
    const r = await client.responses.create({ model: 'oa/gpt-test', instructions: 'be brief', input: 'what is x?', max_output_tokens: 50, temperature: 0.2, store: false });
    assert.deepEqual([r.object, r.status, r.output_text, r.instructions], ['response', 'completed', 'the answer', 'be brief']);
    assert.deepEqual(r.usage, { input_tokens: 120, input_tokens_details: { cached_tokens: 64, cache_write_tokens: 0 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 7 }, total_tokens: 150 });
    const sent = h.openai.requests[0]!.body as ChatBody;
    assert.deepEqual(sent.messages, [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'what is x?' }]);
    assert.deepEqual([sent.model, sent.max_completion_tokens, sent.temperature], ['gpt-test', 50, 0.2]);
    const rows = await h.rows();
    assert.deepEqual(rows.map((x) => [x.source, x.client, x.usage.inputTokens, x.usage.outputTokens, x.usage.cacheReadTokens]), [['gateway', 'codex', 120, 30, 64]]);
  });

  it('streams a function call as Responses events, and the follow-up with function_call_output completes', async () => {
    const toolCalls = [{ id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' }];
    h.openai.enqueue(sse(openaiChatChunks({ text: 'looking', toolCalls, usage: openaiUsage(40, 9, 0, 3) })));
    const stream = await client.responses.create({ model: 'oa/gpt-test', input: [{ role: 'user', content: 'find x' }], tools: [lookupTool], tool_choice: 'auto', parallel_tool_calls: false, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const e of stream) events.push(e);
    assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
    assert.deepEqual(
      events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]),
      [
        'response.created', 'response.in_progress',
        'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
        'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done',
        'response.completed',
      ],
    );
    const done = events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item);
    const call = done[1]!;
    assert.ok(call.type === 'function_call');
    assert.deepEqual([call.call_id, call.name, JSON.parse(call.arguments)], ['call_1', 'lookup', { q: 'x' }]);
    const completed = events[events.length - 1]!;
    assert.ok(completed.type === 'response.completed');
    assert.deepEqual([completed.response.output.length, completed.response.usage?.output_tokens_details.reasoning_tokens], [2, 3]);
    assert.equal((h.openai.requests[0]!.body as ChatBody).parallel_tool_calls, false);

    h.openai.enqueue(json(openaiChat({ text: 'x is 42', usage: openaiUsage(60, 4) })));
    const followUp = await client.responses.create({
      model: 'oa/gpt-test',
      store: false,
      tools: [lookupTool],
      // The output items go back as input items, as a store: false client sends them.
      input: [{ role: 'user', content: 'find x' }, ...(done as ResponseInputItem[]), { type: 'function_call_output', call_id: 'call_1', output: '42' }],
    });
    assert.deepEqual([followUp.status, followUp.output_text], ['completed', 'x is 42']);
    const sent = (h.openai.requests[1]!.body as ChatBody).messages;
    assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.deepEqual([sent[1]!.content, sent[1]!.tool_calls?.[0]?.id, sent[1]!.tool_calls?.[0]?.function.name], ['looking', 'call_1', 'lookup']);
    assert.deepEqual([sent[2]!.tool_call_id, sent[2]!.content], ['call_1', '42']);
  });

  it('responses.stream() rebuilds the response (finalResponse), and the same request again is a cache hit', async () => {
    h.openai.enqueue(sse(openaiChatChunks({ text: 'hello world', usage: openaiUsage(11, 3, 5, 1) })));
    const ask = async () => {
      let deltas = '';
      const stream = client.responses.stream({ model: 'oa/gpt-test', input: 'hi' });
      stream.on('response.output_text.delta', (e) => (deltas += e.delta));
      const final = await stream.finalResponse();
      return { deltas, final };
    };
    const first = await ask();
    assert.deepEqual([first.deltas, first.final.output_text, first.final.status], ['hello world', 'hello world', 'completed']);
    assert.deepEqual([first.final.usage?.input_tokens, first.final.usage?.input_tokens_details.cached_tokens, first.final.usage?.output_tokens_details.reasoning_tokens], [11, 5, 1]);
    const second = await ask();
    assert.deepEqual([second.final.output_text, second.final.usage?.input_tokens], ['hello world', 11]);
    assert.equal(h.openai.requestCount, 1, 'the repeat never reached the upstream');
    assert.deepEqual((await h.rows()).map((r) => r.cacheHit).sort(), [false, true]);
  });

  it('an Anthropic upstream answers a Responses stream with a tool call', async () => {
    h.anthropic.enqueue(sse(anthropicMessageEvents({ text: 'let me look', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: '{"q":"y"}' }] })));
    const final = await client.responses.stream({ model: 'an/claude-test', instructions: 'sys', input: 'y?', tools: [lookupTool] }).finalResponse();
    assert.equal(final.output_text, 'let me look');
    const call = final.output[1];
    assert.ok(call?.type === 'function_call');
    assert.deepEqual([call.call_id, call.name, JSON.parse(call.arguments)], ['toolu_1', 'lookup', { q: 'y' }]);
    const sent = h.anthropic.requests[0]!.body as { system: unknown; tools: Array<{ name: string }> };
    assert.deepEqual([sent.system, sent.tools.map((t) => t.name)], ['sys', ['lookup']]);
    assert.deepEqual((await h.rows()).map((r) => [r.provider, r.client]), [['an', 'codex']]);
  });

  it('an unknown previous_response_id is a 400, an unknown model a 404 listing models, an upstream 429 keeps its retry-after', async () => {
    const prev = await client.responses.create({ model: 'oa/gpt-test', input: 'more', previous_response_id: 'resp_unknown' }).catch((e: unknown) => e);
    assert.ok(prev instanceof OpenAI.BadRequestError);
    assert.equal(prev.code, 'previous_response_not_found');
    assert.match(prev.message, /resp_unknown.*not found/);
    assert.equal(h.openai.requestCount, 0, 'nothing went upstream');

    h.openai.enqueue(json({ object: 'list', data: [{ id: 'gpt-test', object: 'model', created: 0, owned_by: 'x' }] }));
    h.anthropic.enqueue(json({ data: [], has_more: false, first_id: null, last_id: null }));
    const unknown = await client.responses.create({ model: 'nope', input: 'x', stream: true }).catch((e: unknown) => e);
    assert.ok(unknown instanceof OpenAI.NotFoundError);
    assert.match(unknown.message, /"nope".*Available: oa\/gpt-test, an\/claude-test/);

    h.openai.enqueue({ status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'slow down', type: 'rate_limit_error' } } });
    const limited = await client.responses.stream({ model: 'oa/gpt-test', input: 'x' }).finalResponse().catch((e: unknown) => e);
    assert.ok(limited instanceof OpenAI.RateLimitError);
    assert.equal(limited.headers.get('retry-after'), '7');
  });

  it('a JSON function call is a function_call item; an answer cut by the token limit is incomplete', async () => {
    h.openai.enqueue(json(openaiChat({ toolCalls: [{ id: 'call_9', name: 'lookup', arguments: '{"q":"z"}' }] })));
    const r = await client.responses.create({ model: 'oa/gpt-test', input: 'z?', tools: [lookupTool], tool_choice: { type: 'function', name: 'lookup' } });
    assert.deepEqual(r.output.map((o) => o.type), ['function_call']);
    const call = r.output[0];
    assert.ok(call?.type === 'function_call');
    assert.deepEqual([call.call_id, call.name, call.arguments, call.status, r.status], ['call_9', 'lookup', '{"q":"z"}', 'completed', 'completed']);
    assert.deepEqual((h.openai.requests[0]!.body as { tool_choice: unknown }).tool_choice, { type: 'function', function: { name: 'lookup' } });

    h.openai.enqueue(sse(openaiChatChunks({ text: 'a long', finishReason: 'length' })));
    const final = await client.responses.stream({ model: 'oa/gpt-test', input: 'write a lot', max_output_tokens: 2 }).finalResponse();
    assert.deepEqual([final.status, final.incomplete_details?.reason, final.output_text, final.max_output_tokens], ['incomplete', 'max_output_tokens', 'a long', 2]);
  });

  it('a connection lost mid-stream ends the stream with response.failed carrying the error', async () => {
    h.openai.enqueue({ ...sse(openaiChatChunks({ text: 'partial answer here' }).slice(0, 3)), cut: true });
    const types: string[] = [];
    const stream = await client.responses.create({ model: 'oa/gpt-test', input: 'x', stream: true });
    let failed: ResponseStreamEvent | undefined;
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'response.failed') failed = e;
    }
    assert.ok(failed?.type === 'response.failed');
    assert.equal(failed.response.status, 'failed');
    assert.ok(failed.response.error?.message);
    assert.ok(types.includes('response.output_text.delta') && !types.includes('response.completed'));
  });
});
