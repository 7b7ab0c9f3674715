// An agent run's tool call reports its server's progress (the Run card's progress line): a real
// fixture server in memory (FIXTURE_PROGRESS=1 lists `slow`) and a loopback OpenAI-style server.
import * as assert from 'node:assert/strict';
import { runAgent } from '../../../../src/core/agent/agentRun';
import { mcpToolbox } from '../../../../src/core/agent/mcpToolbox';
import type { AgentEvent } from '../../../../src/core/agent/types';
import { createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';
import { ToolIndex } from '../../../../src/core/tools/toolIndex';
import { LlmServer, sse } from '../../../fixtures/llmServer';
import { openaiChatChunks } from '../../../fixtures/openaiWire';
import { executorRig, type ExecutorRig } from '../tools/executorRig';

describe('agent run tool-call progress', function () {
  this.timeout(30_000);
  let llm: LlmServer;
  let rig: ExecutorRig;
  beforeEach(async () => {
    llm = await LlmServer.start();
    rig = await executorRig({ FIXTURE_PROGRESS: '1' });
  });
  afterEach(async () => {
    await rig.dispose();
    await llm.close();
  });

  it('emits the slow tool\'s progress reports between its call\'s start and end', async () => {
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'c1', name: 'fx__slow', arguments: JSON.stringify({ steps: 4, everyMs: 30 }) }] })));
    llm.enqueue(sse(openaiChatChunks({ text: 'Done.' })));
    const provider = createOpenAiProvider({ id: 'oa', kind: 'openai', baseUrl: `${llm.url}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });
    const index = ToolIndex.follow(rig.registry);
    const events: AgentEvent[] = [];
    try {
      const result = await runAgent({
        provider,
        request: { model: 'gpt-test' },
        prompt: 'Run slow',
        toolbox: mcpToolbox({ registry: rig.registry, executor: rig.executor, index, maxTools: 128 }),
        usage: { recordCall: () => undefined, recordExecution: () => undefined, recordToolCall: () => undefined },
        pricing: { cost: () => 0 },
        maxSteps: 5,
        onEvent: (e) => events.push(e),
      });
      assert.equal(result.reason, 'done', result.error?.message);
    } finally {
      index.dispose();
    }
    const types = events.map((e) => e.type).filter((t) => t.startsWith('tool-call'));
    // The last report can arrive with the answer, which the client settles first.
    assert.ok(types.length >= 5, types.join(', '));
    assert.deepEqual([types[0], types.at(-1)], ['tool-call-start', 'tool-call-end']);
    assert.ok(types.slice(1, -1).every((t) => t === 'tool-call-progress'), types.join(', '));
    assert.deepEqual(events.find((e) => e.type === 'tool-call-progress'), { type: 'tool-call-progress', callId: 'c1', progress: 1, total: 4, message: 'step 1' });
  });
});
