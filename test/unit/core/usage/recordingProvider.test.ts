import * as assert from 'node:assert/strict';
import { createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';
import type { CallRecord, UsageSink } from '../../../../src/core/usage/records';
import { RecordingProvider } from '../../../../src/core/usage/recordingProvider';
import { json, LlmServer, sse } from '../../../fixtures/llmServer';
import { openaiChat, openaiChatChunks, openaiUsage } from '../../../fixtures/openaiWire';

describe('RecordingProvider', () => {
  let server: LlmServer;
  let calls: CallRecord[];
  let provider: RecordingProvider;
  const sink: UsageSink = { recordCall: (r) => calls.push(r), recordToolCall: () => undefined, recordExecution: () => undefined };

  beforeEach(async () => {
    server = await LlmServer.start();
    calls = [];
    const inner = createOpenAiProvider({ id: 'oa', kind: 'openai', baseUrl: `${server.url}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });
    provider = new RecordingProvider(inner, sink);
  });
  afterEach(async () => {
    provider.dispose();
    await server.close();
  });

  it('records a completed call with its usage, model and execution id', async () => {
    server.enqueue(json(openaiChat({ text: 'hi', model: 'gpt-test-2025', usage: openaiUsage(120, 30, 100, 8) })));
    await provider.chat({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }], metadata: { executionId: 'ex1' } });
    assert.equal(calls.length, 1);
    const c = calls[0]!;
    assert.deepEqual(
      [c.provider, c.providerKind, c.model, c.responseModel, c.executionId, c.status, c.cacheHit],
      ['oa', 'openai', 'gpt-test', 'gpt-test-2025', 'ex1', 'ok', false],
    );
    assert.deepEqual([c.usage.inputTokens, c.usage.cacheReadTokens, c.usage.outputTokens, c.usage.reasoningTokens], [120, 100, 30, 8]);
  });

  it('records a failed call with the normalized error kind', async () => {
    server.enqueue({ status: 400, json: { error: { message: 'no such model', type: 'invalid_request_error' } } });
    await assert.rejects(provider.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }));
    assert.deepEqual([calls[0]?.status, calls[0]?.errorKind], ['error', 'bad-request']);
  });

  it('records a stream the consumer abandoned as cancelled', async () => {
    server.enqueue(sse(openaiChatChunks({ text: 'a long answer in many pieces', fragmentSize: 2 })));
    for await (const event of provider.stream({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })) {
      if (event.type === 'text-delta') break;
    }
    assert.deepEqual([calls.length, calls[0]?.status], [1, 'cancelled']);
  });

  it('records a finished stream once, with the final usage', async () => {
    server.enqueue(sse(openaiChatChunks({ text: 'done', usage: openaiUsage(40, 4) })));
    for await (const _ of provider.stream({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })) void _;
    assert.deepEqual([calls.length, calls[0]?.status, calls[0]?.usage.inputTokens], [1, 'ok', 40]);
  });

  it('records a stream whose connection drops mid-answer once, and not as ok', async () => {
    server.enqueue({ ...sse(openaiChatChunks({ text: 'an answer cut short', fragmentSize: 4 }).slice(0, 3)), cut: true });
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const event of provider.stream({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] })) seen.push(event.type);
    });
    assert.ok(seen.includes('text-delta'));
    assert.equal(calls.length, 1);
    assert.notEqual(calls[0]?.status, 'ok');
  });
});
