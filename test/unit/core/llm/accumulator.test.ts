import * as assert from 'node:assert/strict';
import { StreamAccumulator, parseToolArguments } from '../../../../src/core/llm/accumulator';
import { emptyUsage } from '../../../../src/core/llm/types';

describe('StreamAccumulator', () => {
  it('joins text, orders tool calls by index and keeps the last usage', () => {
    const acc = new StreamAccumulator();
    acc.apply({ type: 'usage', usage: { ...emptyUsage(), inputTokens: 5, outputTokens: 1 } });
    acc.apply({ type: 'text-delta', text: 'Hel' });
    acc.apply({ type: 'tool-call-delta', index: 1, id: 'b', name: 'second', argumentsDelta: '{"x"' });
    acc.apply({ type: 'tool-call-delta', index: 0, id: 'a', name: 'first', argumentsDelta: '' });
    acc.apply({ type: 'text-delta', text: 'lo' });
    acc.apply({ type: 'tool-call-delta', index: 1, argumentsDelta: ':1}' });
    acc.apply({ type: 'usage', usage: { ...emptyUsage(), inputTokens: 5, outputTokens: 9 } });
    assert.deepEqual(acc.finish({ finishReason: 'tool_calls', responseModel: 'm', providerRequestId: 'r' }), {
      text: 'Hello',
      toolCalls: [
        { id: 'a', name: 'first', arguments: {} },
        { id: 'b', name: 'second', arguments: { x: 1 } },
      ],
      finishReason: 'tool_calls',
      responseModel: 'm',
      providerRequestId: 'r',
      usage: { ...emptyUsage(), inputTokens: 5, outputTokens: 9 },
    });
  });
});

describe('parseToolArguments', () => {
  it('parses a JSON object and treats empty text as no arguments', () => {
    assert.deepEqual(parseToolArguments('{"a":[1]}'), { arguments: { a: [1] } });
    assert.deepEqual(parseToolArguments('  '), { arguments: {} });
  });
  it('keeps text that is not a JSON object rather than losing it', () => {
    assert.deepEqual(parseToolArguments('{"a": 1'), { arguments: {}, rawArguments: '{"a": 1' });
    assert.deepEqual(parseToolArguments('[1,2]'), { arguments: {}, rawArguments: '[1,2]' });
  });
});
