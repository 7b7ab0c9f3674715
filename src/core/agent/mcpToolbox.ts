// The MCP tools as an agent's toolbox: at most `maxTools` of the enabled tools, chosen for the
// prompt (pins, then BM25 matches), offered under their LLM-safe names; calls go through the
// executor, so validation, approval and recording apply.
import { errorMessage } from '../errorMessage';
import type { ToolDefinition } from '../llm/types';
import type { ToolEntry, ToolRegistry } from '../mcp/registry';
import type { ToolExecutor } from '../tools/executor';
import type { ToolIndex } from '../tools/toolIndex';
import { selectTools } from '../tools/toolSelection';
import type { AgentToolbox } from './types';

export interface McpToolboxOptions {
  registry: ToolRegistry;
  executor: Pick<ToolExecutor, 'execute'>;
  index: ToolIndex;
  maxTools: number;
}

export function toolDefinition(entry: ToolEntry): ToolDefinition {
  return { name: entry.functionName, description: entry.description, inputSchema: entry.inputSchema as Record<string, unknown> };
}

export function mcpToolbox({ registry, executor, index, maxTools }: McpToolboxOptions): AgentToolbox {
  return {
    offer(prompt) {
      const selection = selectTools(registry.enabledTools(), prompt, {
        maxTools,
        index,
        isPinned: (e) => registry.preferences.isPinned(e.qualifiedName),
        tokensOf: (e) => registry.toolTokens(e),
      });
      const leftOut = selection.leftOut.length > 0 ? { names: selection.leftOut.map((e) => e.qualifiedName), tokens: selection.savedTokens } : undefined;
      return { definitions: selection.offered.map(toolDefinition), tokens: selection.offeredTokens, ...(leftOut ? { leftOut } : {}) };
    },
    async call(llmName, args, ctx) {
      try {
        const result = await executor.execute(llmName, args, { executionId: ctx.executionId, signal: ctx.signal, onProgress: ctx.onProgress });
        return { content: result.text, isError: result.isError, ...(result.structuredContent !== undefined ? { structuredContent: result.structuredContent } : {}) };
      } catch (err) {
        // The model is told what went wrong (denied, invalid arguments, timeout) and may adapt.
        return { content: errorMessage(err), isError: true };
      }
    },
  };
}
