// Rough prompt-token cost of offering a tool to a model: what its JSON declaration weighs.
// ~4 characters per token is the usual estimate for JSON-heavy English text.
import type { Tool } from '@modelcontextprotocol/client';

const CHARS_PER_TOKEN = 4;
/** Per-function framing the provider adds around each declaration. */
const OVERHEAD_TOKENS = 8;

export function estimateToolTokens(tool: Tool): number {
  const declaration = JSON.stringify({ name: tool.name, description: tool.description ?? '', parameters: tool.inputSchema });
  return Math.ceil(declaration.length / CHARS_PER_TOKEN) + OVERHEAD_TOKENS;
}
