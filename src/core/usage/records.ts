// What the engines report to the usage ledger. Producers (providers, cache, tool executor,
// agent runs) depend only on these shapes and on UsageSink; the ledger implements the sink.
import type { Usage } from '../llm/types';

export type CallStatus = 'ok' | 'error' | 'cancelled';

export interface CallRecord {
  /** Unique id (time-ordered preferred); replaying the same id twice is a no-op. */
  id: string;
  executionId?: string;
  /** Configured provider id (e.g. `openai`), and its kind used for pricing (e.g. `anthropic`). */
  provider: string;
  providerKind?: string;
  model: string;
  responseModel?: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  usage: Usage;
  cacheHit: boolean;
  /** For cache hits: the original call's cost, credited as saved. */
  savedUsd?: number;
  status: CallStatus;
  errorKind?: string;
  /** Where the request came from: `run`, `agent`, `vscode-chat`, `gateway`, … */
  source?: string;
  /** Who asked, within the source: the requesting extension or a gateway client's name. */
  client?: string;
  /** The workspace the call was made from (its name), for per-workspace budgets. */
  workspace?: string;
}

export type ToolCallStatus = 'ok' | 'error' | 'timeout' | 'cancelled' | 'denied';

export interface ToolCallRecord {
  id: string;
  executionId?: string;
  server: string;
  tool: string;
  startedAt: number;
  durationMs: number;
  status: ToolCallStatus;
  error?: string;
  requestBytes: number;
  responseBytes: number;
}

export type ExecutionStatus = 'running' | 'ok' | 'error' | 'cancelled';

export interface ExecutionRecord {
  id: string;
  /** `prompt`, `agent`, `tool`, … */
  kind: string;
  title: string;
  startedAt: number;
  endedAt?: number;
  status: ExecutionStatus;
}

/** Where engines report usage. Implementations must return quickly and never throw. */
export interface UsageSink {
  recordCall(record: CallRecord): void;
  recordToolCall(record: ToolCallRecord): void;
  recordExecution(record: ExecutionRecord): void;
}

/** Prices a call; `null` means unpriced (unknown model), never zero. */
export interface CostCalculator {
  cost(providerKind: string, model: string, usage: Usage): number | null;
}

/** A gateway client's MCP tool call is recorded as an execution of this kind, titled `<client>: server/tool`. */
export const GATEWAY_EXECUTION_KIND = 'gateway';
export const gatewayExecutionTitle = (client: string, tool: string): string => `${client}: ${tool}`;
