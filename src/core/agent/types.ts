// The agent loop's view of its collaborators and what it reports while it runs.
import type { ProgressListener } from '../mcp/pendingCall';
import type { LlmProvider } from '../llm/provider';
import type { ChatRequest, ChatResponse, ContentPart, ToolDefinition, Usage } from '../llm/types';
import type { CostCalculator, UsageSink } from '../usage/records';

export interface AgentToolResult {
  /** What the model reads (structured content included, as JSON). */
  content: string | ContentPart[];
  isError: boolean;
  /** The tool's validated structured content, for display. */
  structuredContent?: unknown;
}

/** What a toolbox offers for one prompt; `leftOut` when it had more tools than it may offer. */
export interface ToolOffer {
  definitions: ToolDefinition[];
  /** Estimated schema tokens of the definitions offered. */
  tokens?: number;
  leftOut?: { names: string[]; tokens: number };
}

/** The tools offered to the model, under their LLM-safe names; calls go through the executor. */
export interface AgentToolbox {
  /** The tools for a run of `prompt` (a toolbox over many tools picks the ones the prompt needs). */
  offer(prompt: string): ToolOffer;
  /** Runs one tool call (validation, approval, timing, recording happen behind this). Never throws for tool errors. */
  call(llmName: string, args: Record<string, unknown>, ctx: { executionId: string; signal: AbortSignal; onProgress?: ProgressListener }): Promise<AgentToolResult>;
}

export interface AgentOptions {
  provider: LlmProvider;
  /** Model and sampling settings; messages, tools and metadata are filled in by the loop. */
  request: Omit<ChatRequest, 'messages' | 'tools' | 'metadata'>;
  prompt: string;
  title?: string;
  toolbox?: AgentToolbox;
  usage: UsageSink;
  pricing: CostCalculator;
  maxSteps: number;
  /** Stops the run once its LLM cost reaches this; 0 or undefined = no cap. */
  maxCostUsd?: number;
  signal?: AbortSignal;
  onEvent?(event: AgentEvent): void;
}

export type AgentStopReason = 'done' | 'max-steps' | 'max-cost' | 'cancelled' | 'error';

export type AgentEvent =
  | { type: 'run-start'; executionId: string; title: string }
  /** The tools offered for the run; `leftOut` names (qualified) those left out, `savedTokens` their schema tokens. */
  | { type: 'tools-offered'; offered: number; tokens?: number; leftOut: string[]; savedTokens: number }
  | { type: 'step-start'; step: number }
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-start'; callId: string; name: string; arguments: Record<string, unknown> }
  /** The server reported progress on a running tool call; `message` is untrusted server text. */
  | { type: 'tool-call-progress'; callId: string; progress: number; total?: number; message?: string }
  | { type: 'tool-call-end'; callId: string; name: string; result: AgentToolResult; durationMs: number }
  /** `savedUsd` (cached steps only): what the answer cost when it was first made; null if unpriced. */
  | { type: 'step-end'; step: number; usage: Usage; costUsd: number | null; cached: boolean; savedUsd?: number | null; runCostUsd: number }
  | { type: 'run-end'; reason: AgentStopReason; error?: string; runCostUsd: number; steps: number };

export interface AgentResult {
  executionId: string;
  reason: AgentStopReason;
  text: string;
  steps: number;
  runCostUsd: number;
  /** True when some step's model is unpriced, so runCostUsd is a lower bound. */
  unpriced: boolean;
  lastResponse?: ChatResponse;
  error?: Error;
}
