// How a full ChatRequest lands in each vendor's request body.
import * as assert from 'node:assert/strict';
import { toOpenAiParams } from '../../../../src/core/llm/openaiMapping';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, toAnthropicParams } from '../../../../src/core/llm/anthropicMapping';
import type { ChatRequest } from '../../../../src/core/llm/types';

const full: ChatRequest = {
  model: 'm',
  system: 'sys',
  messages: [
    { role: 'user', content: 'weather?' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'get', arguments: { city: 'Oslo' } }, { id: 'c2', name: 'img', arguments: {} }] },
    { role: 'tool', toolCallId: 'c1', name: 'get', content: 'cold' },
    { role: 'tool', toolCallId: 'c2', content: [{ type: 'text', text: 'see' }, { type: 'image', mediaType: 'image/png', data: 'AAAA' }], isError: true },
  ],
  tools: [{ name: 'get', description: 'weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
  toolChoice: { name: 'get' },
  temperature: 0.3,
  topP: 0.9,
  maxOutputTokens: 256,
  stop: ['END'],
  responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
  reasoning: { effort: 'low', budgetTokens: 2048 },
  seed: 42,
  extra: { user: 'u1' },
  metadata: { executionId: 'e', cachePolicy: 'no-store', tags: { cmd: 'x' } },
};

describe('toOpenAiParams', () => {
  const p = toOpenAiParams(full, { maxTokensField: 'max_completion_tokens' }) as unknown as Record<string, unknown>;

  it('maps system, messages, tool calls and tool results (images in tool results follow as a user turn)', () => {
    assert.deepEqual(p['messages'], [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'get', arguments: '{"city":"Oslo"}' } },
          { id: 'c2', type: 'function', function: { name: 'img', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'cold' },
      { role: 'tool', tool_call_id: 'c2', content: 'see' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]);
  });
  it('maps tools, tool choice, sampling, limits, format, reasoning, seed and extra; drops metadata', () => {
    assert.deepEqual(p['tools'], [
      { type: 'function', function: { name: 'get', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
    ]);
    assert.deepEqual(p['tool_choice'], { type: 'function', function: { name: 'get' } });
    assert.equal(p['temperature'], 0.3);
    assert.equal(p['top_p'], 0.9);
    assert.equal(p['max_completion_tokens'], 256);
    assert.deepEqual(p['stop'], ['END']);
    assert.deepEqual(p['response_format'], { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } });
    assert.equal(p['reasoning_effort'], 'low');
    assert.equal(p['seed'], 42);
    assert.equal(p['user'], 'u1');
    assert.equal(p['metadata'], undefined);
  });
  it('uses max_tokens for OpenAI-compatible servers', () => {
    const c = toOpenAiParams(full, { maxTokensField: 'max_tokens' }) as unknown as Record<string, unknown>;
    assert.equal(c['max_tokens'], 256);
    assert.equal(c['max_completion_tokens'], undefined);
  });
  it('sends only what is set', () => {
    assert.deepEqual(toOpenAiParams({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, { maxTokensField: 'max_tokens' }), {
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
  });
});

describe('toAnthropicParams', () => {
  const p = toAnthropicParams(full) as unknown as Record<string, unknown>;

  it('maps system and merges consecutive tool results into one user turn', () => {
    assert.equal(p['system'], 'sys');
    assert.deepEqual(p['messages'], [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'c1', name: 'get', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 'c2', name: 'img', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'c1', content: 'cold' },
          {
            type: 'tool_result',
            tool_use_id: 'c2',
            is_error: true,
            content: [{ type: 'text', text: 'see' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }],
          },
        ],
      },
    ]);
  });
  it("puts an assistant turn's thinking blocks first, unchanged (the API checks their signatures)", () => {
    const reasoning = [
      { type: 'thinking' as const, thinking: 'Oslo is cold in winter.', signature: 'sig-1' },
      { type: 'redacted_thinking' as const, data: 'opaque==' },
    ];
    const turn = toAnthropicParams({ model: 'm', messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'c1', name: 'get', arguments: {} }], reasoning }] });
    assert.deepEqual(turn.messages[1]!.content, [
      { type: 'thinking', thinking: 'Oslo is cold in winter.', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque==' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'c1', name: 'get', input: {} },
    ]);
  });
  it('maps tools, tool choice, limits, stop, thinking, effort, format and sampling; drops seed and metadata', () => {
    assert.deepEqual(p['tools'], [{ name: 'get', description: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    assert.deepEqual(p['tool_choice'], { type: 'tool', name: 'get' });
    assert.equal(p['max_tokens'], 256);
    assert.deepEqual(p['stop_sequences'], ['END']);
    assert.deepEqual(p['thinking'], { type: 'enabled', budget_tokens: 2048 });
    assert.deepEqual(p['output_config'], { effort: 'low', format: { type: 'json_schema', schema: { type: 'object' } } });
    assert.equal(p['temperature'], 0.3);
    assert.equal(p['top_p'], 0.9);
    assert.equal(p['user'], 'u1');
    assert.equal(p['seed'], undefined);
    assert.equal(p['metadata'], undefined);
  });
  it('maps tool choice keywords and defaults max_tokens', () => {
    const base = { model: 'm', messages: [{ role: 'user' as const, content: 'x' }] };
    assert.deepEqual(toAnthropicParams({ ...base, toolChoice: 'required' }).tool_choice, { type: 'any' });
    assert.deepEqual(toAnthropicParams({ ...base, toolChoice: 'none' }).tool_choice, { type: 'none' });
    assert.deepEqual(toAnthropicParams(base), { model: 'm', max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
  });
});
