import * as assert from 'node:assert/strict';
import { cacheKey, cacheKeyText, REQUEST_FIELD_ROLES } from '../../../../src/core/cache/cacheKey';
import { sha256 } from '../../../../src/core/cache/canonicalText';
import type { ProviderConfig } from '../../../../src/core/llm/provider';
import type { AssistantMessage, ChatRequest, Message, ToolCall, ToolResultMessage } from '../../../../src/core/llm/types';

const provider: ProviderConfig = { id: 'openai', kind: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', label: 'OpenAI', defaultModel: 'gpt-4o' };

const userWithImage = (text = 'What is in this image?', mediaType = 'image/png', data = 'iVBORw0KGgo='): Message => ({
  role: 'user',
  content: [{ type: 'text', text }, { type: 'image', mediaType, data }],
});
const assistantCalling = (text = 'Let me look it up.', call: Partial<ToolCall> = {}): Message => ({
  role: 'assistant',
  content: text,
  toolCalls: [{ id: 'call_1', name: 'lookup', arguments: { q: 'cat', limit: 3 }, ...call }],
});
const toolResult = (result: Partial<ToolResultMessage> = {}): Message => ({
  role: 'tool',
  toolCallId: 'call_1',
  name: 'lookup',
  content: 'a cat',
  isError: false,
  ...result,
});

/** Every field set, every message role and part kind present. */
function fullRequest(): Required<ChatRequest> {
  return {
    model: 'gpt-4o-mini',
    system: 'You are terse.',
    messages: [userWithImage(), assistantCalling(), toolResult(), { role: 'user', content: 'Thanks, and now?' }],
    tools: [{ name: 'lookup', description: 'Look things up', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }],
    toolChoice: 'auto',
    temperature: 0.2,
    topP: 0.9,
    maxOutputTokens: 512,
    stop: ['END'],
    responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    reasoning: { effort: 'low', budgetTokens: 1024 },
    seed: 42,
    extra: { service_tier: 'flex' },
    headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' },
    metadata: { executionId: 'exec-1', cachePolicy: 'default', tags: { command: 'ask' } },
  };
}

type Change = [label: string, change: (r: Required<ChatRequest>) => void];

/**
 * At least one change per ChatRequest field. The mapped type makes this table exhaustive: a new
 * field in ChatRequest fails compilation here until someone says how changing it must behave,
 * and the test below then holds the key builder to REQUEST_FIELD_ROLES for it.
 */
const CHANGES: { [K in keyof Required<ChatRequest>]: Change[] } = {
  model: [['another model', (r) => (r.model = 'gpt-4o')]],
  system: [
    ['another system prompt', (r) => (r.system = 'You are verbose.')],
    ['no system prompt', (r) => delete (r as ChatRequest).system],
  ],
  messages: [
    ['a text part', (r) => (r.messages[0] = userWithImage('What is in this picture?'))],
    ['image bytes', (r) => (r.messages[0] = userWithImage(undefined, undefined, 'AAAA'))],
    ['image media type', (r) => (r.messages[0] = userWithImage(undefined, 'image/jpeg'))],
    ['assistant text', (r) => (r.messages[1] = assistantCalling('Looking it up.'))],
    ['tool call arguments', (r) => (r.messages[1] = assistantCalling(undefined, { arguments: { q: 'dog', limit: 3 } }))],
    ['tool call name', (r) => (r.messages[1] = assistantCalling(undefined, { name: 'search' }))],
    ['tool call id', (r) => (r.messages[1] = assistantCalling(undefined, { id: 'call_2' }))],
    ['assistant thinking', (r) => (r.messages[1] = { role: 'assistant', content: 'Let me look it up.', toolCalls: (assistantCalling() as AssistantMessage).toolCalls, reasoning: [{ type: 'thinking', thinking: 'Look it up.', signature: 'sig' }] })],
    ['tool result content', (r) => (r.messages[2] = toolResult({ content: 'a dog' }))],
    ['tool result error flag', (r) => (r.messages[2] = toolResult({ isError: true }))],
    ['tool result call id', (r) => (r.messages[2] = toolResult({ toolCallId: 'call_9' }))],
    ['tool result name', (r) => (r.messages[2] = toolResult({ name: 'search' }))],
    ['last user message', (r) => (r.messages[3] = { role: 'user', content: 'Thanks, and then?' })],
    ['message order', (r) => r.messages.reverse()],
    ['one message fewer', (r) => r.messages.pop()],
    ['string content vs one text part', (r) => (r.messages[3] = { role: 'user', content: [{ type: 'text', text: 'Thanks, and now?' }] })],
  ],
  tools: [
    ['a tool schema', (r) => (r.tools[0]!.inputSchema = { type: 'object', properties: { q: { type: 'number' } } })],
    ['a tool description', (r) => (r.tools[0]!.description = 'Find things')],
    ['a tool name', (r) => (r.tools[0]!.name = 'find')],
    ['no tools', (r) => delete (r as ChatRequest).tools],
  ],
  toolChoice: [
    ['required', (r) => (r.toolChoice = 'required')],
    ['a named tool', (r) => (r.toolChoice = { name: 'lookup' })],
  ],
  temperature: [['another temperature', (r) => (r.temperature = 0.3)]],
  topP: [['another top_p', (r) => (r.topP = 1)]],
  maxOutputTokens: [['another token limit', (r) => (r.maxOutputTokens = 513)]],
  stop: [['another stop sequence', (r) => (r.stop = ['STOP'])]],
  responseFormat: [
    ['another schema', (r) => (r.responseFormat = { ...r.responseFormat, schema: { type: 'array' } })],
    ['strictness', (r) => (r.responseFormat = { ...r.responseFormat, strict: false })],
    ['no response format', (r) => delete (r as ChatRequest).responseFormat],
  ],
  reasoning: [
    ['another effort', (r) => (r.reasoning = { ...r.reasoning, effort: 'high' })],
    ['another thinking budget', (r) => (r.reasoning = { ...r.reasoning, budgetTokens: 2048 })],
  ],
  seed: [['another seed', (r) => (r.seed = 43)]],
  extra: [
    ['another provider-specific field value', (r) => (r.extra = { service_tier: 'default' })],
    ['a nested provider-specific field', (r) => (r.extra = { service_tier: 'flex', prediction: { type: 'content', content: 'x' } })],
  ],
  headers: [
    ['another beta header', (r) => (r.headers = { 'anthropic-beta': 'context-management-2025-06-27' })],
    ['no headers', (r) => delete (r as ChatRequest).headers],
  ],
  metadata: [
    ['another execution id', (r) => (r.metadata = { ...r.metadata, executionId: 'exec-2' })],
    ['another cache policy', (r) => (r.metadata = { ...r.metadata, cachePolicy: 'bypass' })],
    ['other tags', (r) => (r.metadata = { ...r.metadata, tags: { command: 'regenerate' } })],
    ['no metadata', (r) => delete (r as ChatRequest).metadata],
  ],
};

describe('cacheKey', () => {
  const base = cacheKey(provider, fullRequest());

  it('is a 64-character hex SHA-256 and stable across calls', () => {
    assert.match(base, /^[0-9a-f]{64}$/);
    assert.equal(cacheKey(provider, fullRequest()), base);
  });

  for (const field of Object.keys(CHANGES) as (keyof ChatRequest)[]) {
    const role = REQUEST_FIELD_ROLES[field];
    for (const [label, change] of CHANGES[field]) {
      it(`${field}: ${label} ${role === 'keyed' ? 'changes' : 'does not change'} the key`, () => {
        const changed = fullRequest();
        change(changed);
        assert.notDeepEqual(changed, fullRequest(), 'the change must change the request');
        assert.equal(cacheKey(provider, changed) !== base, role === 'keyed');
      });
    }
  }

  it('classifies every ChatRequest field, and only metadata is left out', () => {
    assert.deepEqual(Object.keys(REQUEST_FIELD_ROLES).sort(), Object.keys(fullRequest()).sort());
    const ignored = Object.entries(REQUEST_FIELD_ROLES).filter(([, role]) => role === 'ignored');
    assert.deepEqual(ignored.map(([field]) => field), ['metadata']);
  });

  it('keys a field it does not know (a caller outside the type system) instead of dropping it', () => {
    const withUnknown = { ...fullRequest(), logitBias: { 50256: -100 } } as ChatRequest;
    assert.notEqual(cacheKey(provider, withUnknown), base);
  });

  it('provider id, kind, base URL and default model change the key', () => {
    assert.notEqual(cacheKey({ ...provider, id: 'openai-work' }, fullRequest()), base);
    assert.notEqual(cacheKey({ ...provider, defaultModel: 'o3' }, fullRequest()), base, 'it answers requests that name no model');
    assert.notEqual(cacheKey({ ...provider, kind: 'openai-compatible' }, fullRequest()), base);
    assert.notEqual(cacheKey({ ...provider, baseUrl: 'http://127.0.0.1:4321/v1' }, fullRequest()), base);
    const { baseUrl: _default, ...defaultEndpoint } = provider;
    assert.notEqual(cacheKey(defaultEndpoint, fullRequest()), base);
  });

  it('the provider label, retry settings and an API key carried on the config do not', () => {
    const withSecret = { ...provider, label: 'Work', maxRetries: 0, timeoutMs: 5, apiKey: 'sk-not-a-key' } as ProviderConfig;
    assert.equal(cacheKey(withSecret, fullRequest()), base);
  });

  it('does not depend on key order at any depth, nor on fields set to undefined', () => {
    const r = fullRequest();
    const reordered = {
      metadata: r.metadata,
      extra: r.extra,
      headers: r.headers,
      seed: r.seed,
      reasoning: { budgetTokens: 1024, effort: 'low' },
      responseFormat: { strict: true, schema: { type: 'object' }, name: 'answer', type: 'json_schema' },
      stop: r.stop,
      maxOutputTokens: r.maxOutputTokens,
      topP: r.topP,
      temperature: r.temperature,
      toolChoice: r.toolChoice,
      tools: [{ inputSchema: { properties: { q: { type: 'string' } }, type: 'object' }, description: 'Look things up', name: 'lookup' }],
      messages: r.messages,
      system: r.system,
      model: r.model,
      topK: undefined,
    } as ChatRequest;
    assert.equal(cacheKey(provider, reordered), base);
  });

  it('a re-sent request object gets a memoized key that follows every change to it', () => {
    const r = fullRequest();
    const fresh = () => sha256(cacheKeyText(provider, r));
    assert.equal(cacheKey(provider, r), base);
    assert.equal(cacheKey(provider, r), base, 'unchanged: the memo answers');
    const steps: (() => void)[] = [
      () => r.messages.push({ role: 'user', content: 'one more turn' }),
      () => ((r.messages[1] as { toolCalls: ToolCall[] }).toolCalls[0]!.arguments['q'] = 'dog'),
      () => ((r.tools[0]!.inputSchema['properties'] as Record<string, unknown>)['q'] = { type: 'integer' }),
      () => (r.temperature = 0.9),
      () => (r.messages = [...r.messages]),
    ];
    let previous = base;
    for (const step of steps) {
      step();
      const key = cacheKey(provider, r);
      assert.equal(key, fresh(), `after ${step.toString()}`);
      assert.equal(cacheKey(provider, r), key);
      if (!step.toString().includes('[...r.messages]')) assert.notEqual(key, previous);
      previous = key;
    }
    assert.notEqual(cacheKey({ ...provider, baseUrl: 'http://elsewhere/v1' }, r), previous, 'another provider, same request object');
    r.metadata = { executionId: 'another run' };
    assert.equal(cacheKey(provider, r), previous, 'metadata is still not part of the key');
  });
});
