// The request options of a VS Code chat request in neutral terms: tools, tool mode and the few
// model options every provider understands. Unknown model options are ignored rather than passed
// through: they would reach the provider's body unchecked.
import type { ChatRequest, ToolChoice, ToolDefinition } from '../llm/types';

/** LanguageModelChatToolMode: Auto = 1, Required = 2. */
export const TOOL_MODE_AUTO = 1;
export const TOOL_MODE_REQUIRED = 2;

export interface ChatToolLike {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
}

export function toToolDefinitions(tools: readonly ChatToolLike[]): ToolDefinition[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
  }));
}

/** Required means the model must call one of the tools; Auto leaves it to the model; no tools, no choice. */
export function toToolChoice(mode: number, toolCount: number): ToolChoice | undefined {
  if (toolCount === 0) return undefined;
  if (mode !== TOOL_MODE_REQUIRED) return 'auto';
  return 'required';
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Sampling settings from `modelOptions` (camelCase or the OpenAI wire names). */
export function fromModelOptions(options: Readonly<Record<string, unknown>> | undefined): Partial<ChatRequest> {
  if (!options) return {};
  const out: Partial<ChatRequest> = {};
  const temperature = num(options.temperature);
  const topP = num(options.topP ?? options.top_p);
  const maxOutputTokens = num(options.maxOutputTokens ?? options.max_tokens ?? options.maxTokens);
  const stop = options.stop;
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.topP = topP;
  if (maxOutputTokens !== undefined) out.maxOutputTokens = Math.floor(maxOutputTokens);
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) out.stop = stop as string[];
  return out;
}
