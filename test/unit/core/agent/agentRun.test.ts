import * as assert from 'node:assert/strict';
import { runAgent } from '../../../../src/core/agent/agentRun';
import { CachingProvider } from '../../../../src/core/cache/cachingProvider';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import type { AgentEvent, AgentToolbox } from '../../../../src/core/agent/types';
import { createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';
import type { LlmProvider } from '../../../../src/core/llm/provider';
import type { CallRecord, ExecutionRecord, ToolCallRecord, UsageSink } from '../../../../src/core/usage/records';
import { RecordingProvider } from '../../../../src/core/usage/recordingProvider';
import { LlmServer, sse } from '../../../fixtures/llmServer';
import { openaiChatChunks, openaiUsage } from '../../../fixtures/openaiWire';
import { anthropicMessageEvents } from '../../../fixtures/anthropicWire';
import { createAnthropicProvider } from '../../../../src/core/llm/anthropicProvider';

class MemorySink implements UsageSink {
  calls: CallRecord[] = [];
  toolCalls: ToolCallRecord[] = [];
  executions: ExecutionRecord[] = [];
  recordCall(r: CallRecord): void {
    this.calls.push(r);
  }
  recordToolCall(r: ToolCallRecord): void {
    this.toolCalls.push(r);
  }
  recordExecution(r: ExecutionRecord): void {
    this.executions.push(r);
  }
}

const echoTool = { name: 'echo', description: 'Echoes its input', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } };
const flatPrice = (usd: number) => ({ cost: () => usd });

describe('agent run', () => {
  let server: LlmServer;
  let sink: MemorySink;
  let provider: LlmProvider;
  let toolCalls: { name: string; args: Record<string, unknown>; executionId: string }[];
  const toolbox: AgentToolbox = {
    offer: () => ({ definitions: [echoTool] }),
    call: async (name, args, ctx) => {
      toolCalls.push({ name, args, executionId: ctx.executionId });
      return { content: `echo: ${String(args['text'])}`, isError: false };
    },
  };

  beforeEach(async () => {
    server = await LlmServer.start();
    sink = new MemorySink();
    toolCalls = [];
    provider = new RecordingProvider(createOpenAiProvider({ id: 'oa', kind: 'openai', baseUrl: `${server.url}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } }), sink);
  });
  afterEach(async () => {
    provider.dispose?.();
    await server.close();
  });

  const toolAnswer = (id: string, text: string) =>
    sse(openaiChatChunks({ toolCalls: [{ id, name: 'echo', arguments: JSON.stringify({ text }) }], usage: openaiUsage(100, 20) }));

  it('loops LLM ↔ tools under one execution id and records every call', async () => {
    server.enqueue(toolAnswer('call_1', 'hello'));
    server.enqueue(sse(openaiChatChunks({ text: 'The tool said hello.', usage: openaiUsage(150, 10) })));
    const events: AgentEvent[] = [];
    const result = await runAgent({
      provider,
      request: { model: 'gpt-test' },
      prompt: 'Say hello through the tool',
      toolbox,
      usage: sink,
      pricing: flatPrice(0.01),
      maxSteps: 10,
      onEvent: (e) => events.push(e),
    });

    assert.equal(result.reason, 'done');
    assert.equal(result.steps, 2);
    assert.equal(result.text, 'The tool said hello.');
    assert.ok(Math.abs(result.runCostUsd - 0.02) < 1e-12);
    assert.deepEqual(toolCalls, [{ name: 'echo', args: { text: 'hello' }, executionId: result.executionId }]);

    // The second request carried the assistant's tool call and the tool's result.
    const second = server.requests[1]?.body as { messages: Array<Record<string, unknown>>; tools: unknown[] };
    assert.equal(second.tools.length, 1);
    const toolMsg = second.messages.find((m) => m['role'] === 'tool');
    assert.equal(toolMsg?.['tool_call_id'], 'call_1');
    assert.match(String(toolMsg?.['content']), /echo: hello/);

    assert.deepEqual(sink.calls.map((c) => [c.executionId, c.status, c.usage.inputTokens]), [
      [result.executionId, 'ok', 100],
      [result.executionId, 'ok', 150],
    ]);
    assert.deepEqual(sink.executions.map((e) => [e.id, e.status]), [
      [result.executionId, 'running'],
      [result.executionId, 'ok'],
    ]);
    const kinds = events.map((e) => e.type).filter((t) => t !== 'text-delta');
    assert.deepEqual(kinds, ['run-start', 'tools-offered', 'step-start', 'step-end', 'tool-call-start', 'tool-call-end', 'step-start', 'step-end', 'run-end']);
  });

  it("sends an Anthropic model's thinking back first with its tool calls on the next step", async () => {
    const anthropic = createAnthropicProvider({ id: 'an', kind: 'anthropic', baseUrl: server.url, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });
    const thinking = { thinking: 'The echo tool will do.', signature: 'sig-9' };
    server.enqueue(sse(anthropicMessageEvents({ thinking: [thinking], toolCalls: [{ id: 'toolu_1', name: 'echo', arguments: '{"text":"hi"}' }] })));
    server.enqueue(sse(anthropicMessageEvents({ text: 'Done.' })));
    const result = await runAgent({ provider: anthropic, request: { model: 'claude-test' }, prompt: 'Echo hi', toolbox, usage: sink, pricing: flatPrice(0), maxSteps: 5 });
    assert.equal(result.reason, 'done');
    const second = server.requests[1]?.body as { messages: Array<{ role: string; content: Array<Record<string, unknown>> }> };
    assert.deepEqual(second.messages[1]!.content.map((b) => b['type']), ['thinking', 'tool_use']);
    assert.deepEqual(second.messages[1]!.content[0], { type: 'thinking', ...thinking });
    anthropic.dispose?.();
  });

  it('says which steps the cache answered and what they saved', async () => {
    const cached = new CachingProvider(provider, new ResponseCache());
    server.setDefault(sse(openaiChatChunks({ text: 'Hi.', usage: openaiUsage(100, 20) })));
    const stepEnd = async () => {
      const events: AgentEvent[] = [];
      await runAgent({ provider: cached, request: { model: 'gpt-test' }, prompt: 'Hi', usage: sink, pricing: flatPrice(0.25), maxSteps: 2, onEvent: (e) => events.push(e) });
      const end = events.find((e) => e.type === 'step-end');
      return end?.type === 'step-end' ? [end.cached, end.costUsd, end.savedUsd] : undefined;
    };
    assert.deepEqual(await stepEnd(), [false, 0.25, undefined]);
    assert.deepEqual(await stepEnd(), [true, 0, 0.25]);
    assert.equal(server.requestCount, 1);
  });

  it('prices a step by the model the provider reports, falling back to the requested one', async () => {
    // Only the dated snapshot has a price; the alias that was asked for has none.
    const pricing = { cost: (_kind: string, model: string) => (model === 'gpt-test-2024-08-06' ? 0.5 : null) };
    server.enqueue(sse(openaiChatChunks({ text: 'Hi.', model: 'gpt-test-2024-08-06' })));
    const priced = await runAgent({ provider, request: { model: 'gpt-test' }, prompt: 'Hi', usage: sink, pricing, maxSteps: 1 });
    assert.deepEqual([priced.runCostUsd, priced.unpriced], [0.5, false]);

    const requestedOnly = { cost: (_kind: string, model: string) => (model === 'gpt-test' ? 0.25 : null) };
    server.enqueue(sse(openaiChatChunks({ text: 'Hi.', model: 'gpt-test-2024-08-06' })));
    const fallback = await runAgent({ provider, request: { model: 'gpt-test' }, prompt: 'Hi', usage: sink, pricing: requestedOnly, maxSteps: 1 });
    assert.deepEqual([fallback.runCostUsd, fallback.unpriced], [0.25, false]);
  });

  it('stops at maxSteps', async () => {
    server.setDefault(toolAnswer('call_x', 'again'));
    const result = await runAgent({ provider, request: { model: 'gpt-test' }, prompt: 'loop', toolbox, usage: sink, pricing: flatPrice(0), maxSteps: 3 });
    assert.equal(result.reason, 'max-steps');
    assert.equal(server.requestCount, 3);
    assert.equal(toolCalls.length, 3);
    assert.equal(sink.executions.at(-1)?.status, 'ok');
  });

  it('stops when the run reaches its cost cap', async () => {
    server.setDefault(toolAnswer('call_x', 'again'));
    const result = await runAgent({ provider, request: { model: 'gpt-test' }, prompt: 'loop', toolbox, usage: sink, pricing: flatPrice(1), maxSteps: 10, maxCostUsd: 1.5 });
    assert.equal(result.reason, 'max-cost');
    assert.equal(result.steps, 2);
    assert.equal(result.runCostUsd, 2);
  });

  it('is cancellable mid-run and records the execution as cancelled', async () => {
    server.setDefault(toolAnswer('call_x', 'again'));
    const controller = new AbortController();
    const cancelling: AgentToolbox = {
      offer: toolbox.offer,
      call: async () => {
        controller.abort();
        return { content: 'late', isError: false };
      },
    };
    const result = await runAgent({ provider, request: { model: 'gpt-test' }, prompt: 'x', toolbox: cancelling, usage: sink, pricing: flatPrice(0), maxSteps: 10, signal: controller.signal });
    assert.equal(result.reason, 'cancelled');
    assert.equal(server.requestCount, 1);
    assert.equal(sink.executions.at(-1)?.status, 'cancelled');
  });

  it('ends with reason error and the provider error when a call fails', async () => {
    server.enqueue({ status: 401, json: { error: { message: 'bad key', type: 'invalid_request_error' } } });
    const result = await runAgent({ provider, request: { model: 'gpt-test' }, prompt: 'x', toolbox, usage: sink, pricing: flatPrice(0), maxSteps: 10 });
    assert.equal(result.reason, 'error');
    assert.match(result.error?.message ?? '', /bad key/);
    assert.equal(sink.calls[0]?.status, 'error');
    assert.equal(sink.calls[0]?.errorKind, 'auth');
    assert.equal(sink.executions.at(-1)?.status, 'error');
  });
});
