import * as assert from 'node:assert/strict';
import { runAgent } from '../../../../src/core/agent/agentRun';
import { mcpToolbox } from '../../../../src/core/agent/mcpToolbox';
import type { AgentEvent } from '../../../../src/core/agent/types';
import { createOpenAiProvider } from '../../../../src/core/llm/openaiProvider';
import { silentLogger } from '../../../../src/core/log';
import type { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { ToolExecutor } from '../../../../src/core/tools/executor';
import { ToolIndex } from '../../../../src/core/tools/toolIndex';
import type { UsageSink } from '../../../../src/core/usage/records';
import { LlmServer, sse } from '../../../fixtures/llmServer';
import { openaiChatChunks } from '../../../fixtures/openaiWire';
import { byServer, syntheticTools } from '../../../fixtures/syntheticTools';
import { fixtureEntry, memoryPool } from '../mcp/helpers';

const usage: UsageSink = { recordCall: () => undefined, recordExecution: () => undefined, recordToolCall: () => undefined };

describe('agent run over more tools than maxTools', function () {
  this.timeout(30_000);
  let llm: LlmServer;
  let pool: McpPool;
  let registry: ToolRegistry;
  let index: ToolIndex;
  let indexer: ToolIndexer;
  let executor: ToolExecutor;

  beforeEach(async () => {
    llm = await LlmServer.start();
    pool = memoryPool().pool;
    registry = new ToolRegistry();
    index = ToolIndex.follow(registry);
    indexer = new ToolIndexer(pool, registry, silentLogger, 20);
    executor = new ToolExecutor({ registry, pool, usage, log: silentLogger, approve: async () => true });
    for (const [server, tools] of byServer(syntheticTools(10_000))) registry.replaceServer(server, tools);
    await pool.apply([fixtureEntry('fx')]);
    await pool.start('fx');
    await indexer.idle();
  });
  afterEach(async () => {
    executor.dispose();
    indexer.dispose();
    index.dispose();
    await pool.dispose();
    await llm.close();
  });

  it('offers at most maxTools, the prompt\'s tool among them, and says what it left out', async () => {
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'c1', name: 'fx__echo', arguments: JSON.stringify({ text: 'hi' }) }] })));
    llm.enqueue(sse(openaiChatChunks({ text: 'It echoed hi.' })));
    const provider = createOpenAiProvider({ id: 'oa', kind: 'openai', baseUrl: `${llm.url}/v1`, maxRetries: 0 }, { keys: { getApiKey: async () => 'k' } });
    const events: AgentEvent[] = [];
    const result = await runAgent({
      provider,
      request: { model: 'gpt-test' },
      prompt: 'Echo the text "hi" back to me',
      toolbox: mcpToolbox({ registry, executor, index, maxTools: 20 }),
      usage,
      pricing: { cost: () => 0 },
      maxSteps: 5,
      onEvent: (e) => events.push(e),
    });
    assert.equal(result.reason, 'done', result.error?.message);
    for (const request of llm.requests) {
      const names = (request.body as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name);
      assert.equal(names.length, 20);
      assert.ok(names.includes('fx__echo'), names.join(', '));
    }
    const offered = events.find((e) => e.type === 'tools-offered');
    assert.ok(offered?.type === 'tools-offered');
    assert.equal(offered.offered, 20);
    assert.equal(offered.leftOut.length, registry.enabledTools().length - 20);
    assert.ok(offered.savedTokens > 0 && offered.tokens! > 0);
    const end = events.find((e) => e.type === 'tool-call-end');
    assert.ok(end?.type === 'tool-call-end' && !end.result.isError && String(end.result.content).includes('hi'));
  });
});
