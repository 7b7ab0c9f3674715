// A request shaped like Codex CLI's (codex-rs ResponsesApiRequest: instructions, input items with
// reasoning, function calls and outputs, function/custom/hosted tools, tool_choice auto,
// reasoning, store: false, include encrypted reasoning, stream), sent over plain HTTP and its
// event stream read the way codex-rs reads it: `event:` lines, a `type` in every data object,
// items from `response.output_item.done`, the end from `response.completed`.
import * as assert from 'node:assert/strict';
import { sse } from '../../../fixtures/llmServer';
import { openaiChatChunks, openaiUsage } from '../../../fixtures/openaiWire';
import { startHarness } from './harness';
import type { Harness } from './harness';

const shellTool = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command and returns its output.',
  strict: false,
  parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } }, required: ['command'], additionalProperties: false },
};

const codexBody = {
  model: 'oa/gpt-test',
  instructions: 'You are Codex, a coding agent.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>sandbox: workspace-write</permissions instructions>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context><cwd>/repo</cwd></environment_context>' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list the files' }] },
    { type: 'reasoning', summary: [{ type: 'summary_text', text: 'I should run ls.' }], content: null, encrypted_content: 'gAAAAB-opaque' },
    { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'call_ls' },
    { type: 'function_call_output', call_id: 'call_ls', output: 'README.md\nsrc' },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'now count the lines of README.md' }] },
  ],
  tools: [shellTool, { type: 'custom', name: 'apply_patch', description: 'Edit files', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } }, { type: 'web_search' }],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  reasoning: { effort: 'medium', summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'conv-1',
};

interface Event {
  name: string;
  data: { type: string; sequence_number: number; item?: Record<string, unknown>; response?: Record<string, unknown> };
}

/** Splits an SSE body into events, each with its `event:` name and parsed `data:`. */
function parseSse(text: string): Event[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return { name, data: JSON.parse(data) as Event['data'] };
    });
}

describe('gateway: a Codex CLI request to /v1/responses', () => {
  let h: Harness;
  let key: string;
  beforeEach(async () => {
    h = await startHarness();
    key = (await h.keys.create('codex')).key;
  });
  afterEach(() => h.close());

  it('completes: the upstream gets the translated conversation, Codex reads the call and the usage', async () => {
    const toolCalls = [{ id: 'call_wc', name: 'shell', arguments: '{"command":["wc","-l","README.md"]}' }];
    h.openai.enqueue(sse(openaiChatChunks({ toolCalls, usage: openaiUsage(900, 40, 768, 16) })));
    const reply = await fetch(`${h.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'text/event-stream', 'openai-beta': 'responses=experimental', originator: 'codex_cli_rs', session_id: 'conv-1' },
      body: JSON.stringify(codexBody),
    });
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = parseSse(await reply.text());
    for (const [i, e] of events.entries()) {
      assert.equal(e.name, e.data.type, 'each event is named as its type');
      assert.equal(e.data.sequence_number, i);
    }
    assert.deepEqual(events.filter((e) => e.name === 'response.output_item.done').map((e) => e.data.item), [
      { id: events[2]!.data.item!['id'], type: 'function_call', status: 'completed', call_id: 'call_wc', name: 'shell', arguments: '{"command":["wc","-l","README.md"]}' },
    ]);
    const completed = events[events.length - 1]!.data;
    assert.equal(completed.type, 'response.completed');
    assert.deepEqual(completed.response!['usage'], {
      input_tokens: 900,
      input_tokens_details: { cached_tokens: 768, cache_write_tokens: 0 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 16 },
      total_tokens: 940,
    });
    assert.deepEqual([completed.response!['store'], completed.response!['parallel_tool_calls']], [false, false]);

    const sent = h.openai.requests[0]!.body as Record<string, unknown> & { messages: Array<Record<string, unknown>>; tools: Array<{ function: { name: string } }> };
    assert.deepEqual(sent.messages[0], { role: 'system', content: `${codexBody.instructions}\n\n<permissions instructions>sandbox: workspace-write</permissions instructions>` });
    assert.deepEqual(sent.messages.slice(1).map((m) => m['role']), ['user', 'user', 'assistant', 'tool', 'user'], 'the reasoning item is left out');
    assert.deepEqual((sent.messages[3]!['tool_calls'] as Array<{ id: string }>).map((c) => c.id), ['call_ls']);
    assert.deepEqual(sent.tools.map((t) => t.function.name), ['shell'], 'only function tools reach a Chat Completions upstream');
    assert.deepEqual([sent['tool_choice'], sent['parallel_tool_calls'], sent['reasoning_effort'], sent['prompt_cache_key'], sent['stream']], ['auto', false, 'medium', 'conv-1', true]);
    assert.ok(!('store' in sent) && !('include' in sent) && !('input' in sent), 'Responses-only fields stay at the gateway');
    const rows = await h.rows();
    assert.deepEqual(rows.map((r) => [r.client, r.usage.inputTokens, r.usage.cacheReadTokens, r.usage.reasoningTokens]), [['codex', 900, 768, 16]]);
  });

  it('an item type the gateway cannot translate is a 400 naming it, with nothing sent upstream', async () => {
    const body = { ...codexBody, stream: false, input: [...codexBody.input, { type: 'item_reference', id: 'msg_1' }] };
    const reply = await fetch(`${h.gateway.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(reply.status, 400);
    const err = ((await reply.json()) as { error: { type: string; message: string } }).error;
    assert.equal(err.type, 'invalid_request_error');
    assert.match(err.message, /input\[7\]: items of type "item_reference" are not supported/);
    assert.equal(h.openai.requestCount, 0);
  });
});
