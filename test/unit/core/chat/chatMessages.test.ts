import * as assert from 'node:assert/strict';
import { ROLE_ASSISTANT, ROLE_SYSTEM, ROLE_USER, messageText, toNeutralMessages } from '../../../../src/core/chat/chatMessages';
import { TOOL_MODE_AUTO, TOOL_MODE_REQUIRED, fromModelOptions, toToolChoice, toToolDefinitions } from '../../../../src/core/chat/chatOptions';
import { outParts } from '../../../../src/core/chat/responseParts';
import { emptyUsage } from '../../../../src/core/llm/types';

// The part shapes VS Code's classes have (LanguageModelTextPart etc.): the host tier sends real ones.
const text = (value: string) => ({ value });
const call = (callId: string, name: string, input: object) => ({ callId, name, input });
const result = (callId: string, content: unknown[]) => ({ callId, content });
const data = (bytes: Uint8Array | string, mimeType: string) => ({ data: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, mimeType });
const tsx = (value: unknown) => ({ value });

describe('VS Code chat messages → neutral request', () => {
  it('maps text, tool calls, tool results (named after their call) and images in order', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const mapped = toNeutralMessages([
      { role: ROLE_SYSTEM, content: [text('Be brief.')], name: undefined },
      { role: ROLE_USER, content: [text('What is '), text('in this?'), data(png, 'image/png')], name: undefined },
      { role: ROLE_ASSISTANT, content: [text('Let me look.'), call('c1', 'lookup', { q: 'x' })], name: undefined },
      { role: ROLE_USER, content: [result('c1', [text('found '), data('{"a":1}', 'application/json'), tsx({ node: 1 })]), text('Thanks')], name: undefined },
    ]);
    assert.deepEqual(mapped, {
      system: 'Be brief.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is ' }, { type: 'text', text: 'in this?' }, { type: 'image', mediaType: 'image/png', data: 'iVBORw==' }] },
        { role: 'assistant', content: 'Let me look.', toolCalls: [{ id: 'c1', name: 'lookup', arguments: { q: 'x' } }] },
        { role: 'tool', toolCallId: 'c1', name: 'lookup', content: 'found {"a":1}{"node":1}' },
        { role: 'user', content: 'Thanks' },
      ],
    });
  });

  it('drops data parts that carry nothing for the model (VS Code markers) and keeps text data', () => {
    const mapped = toNeutralMessages([{ role: ROLE_USER, content: [data('ephemeral', 'cache_control'), data('# hi', 'text/markdown')], name: undefined }]);
    assert.deepEqual(mapped.messages, [{ role: 'user', content: '# hi' }]);
  });

  it('keeps an image in a tool result, and a tool result for an unknown call has no name', () => {
    const mapped = toNeutralMessages([{ role: ROLE_USER, content: [result('zz', [data(new Uint8Array([1]), 'image/jpeg')])], name: undefined }]);
    assert.deepEqual(mapped.messages, [{ role: 'tool', toolCallId: 'zz', content: [{ type: 'image', mediaType: 'image/jpeg', data: 'AQ==' }] }]);
  });

  it('gives the text of a message for token counting', () => {
    const m = { role: ROLE_ASSISTANT, content: [text('a'), call('c', 'f', { x: 1 }), result('c', [text('b')])], name: undefined };
    assert.equal(messageText(m), 'af{"x":1}b');
  });
});

describe('chat request options', () => {
  it('maps tools and tool modes', () => {
    assert.deepEqual(toToolDefinitions([{ name: 'a', description: 'A', inputSchema: { type: 'object', properties: { x: {} } } }, { name: 'b', description: 'B' }]), [
      { name: 'a', description: 'A', inputSchema: { type: 'object', properties: { x: {} } } },
      { name: 'b', description: 'B', inputSchema: { type: 'object', properties: {} } },
    ]);
    assert.equal(toToolChoice(TOOL_MODE_AUTO, 2), 'auto');
    assert.equal(toToolChoice(TOOL_MODE_REQUIRED, 2), 'required');
    assert.equal(toToolChoice(TOOL_MODE_REQUIRED, 0), undefined);
  });

  it('takes sampling settings from model options and ignores the rest', () => {
    assert.deepEqual(fromModelOptions({ temperature: 0.2, top_p: 0.9, max_tokens: 100.7, stop: ['x'], secret: 'no' }), { temperature: 0.2, topP: 0.9, maxOutputTokens: 100, stop: ['x'] });
    assert.deepEqual(fromModelOptions({ temperature: 'hot', stop: [1] }), {});
  });
});

describe('neutral stream → VS Code response parts', () => {
  it('forwards text as it arrives and each tool call once, complete, at the end', () => {
    const done = {
      type: 'done' as const,
      response: { text: 'hi', toolCalls: [{ id: 't1', name: 'lookup', arguments: { q: 1 } }], finishReason: 'tool_calls' as const, responseModel: 'm', usage: emptyUsage() },
    };
    assert.deepEqual(outParts({ type: 'text-delta', text: 'hi' }), [{ kind: 'text', text: 'hi' }]);
    assert.deepEqual(outParts({ type: 'text-delta', text: '' }), []);
    assert.deepEqual(outParts({ type: 'tool-call-delta', index: 0, id: 't1', name: 'lookup', argumentsDelta: '{"q"' }), []);
    assert.deepEqual(outParts({ type: 'usage', usage: emptyUsage() }), []);
    assert.deepEqual(outParts(done), [{ kind: 'tool-call', callId: 't1', name: 'lookup', input: { q: 1 } }]);
  });
});
