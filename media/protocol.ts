// The one message contract between Switchboard's webviews and the extension host. Both sides
// import this file; a message that is not described here is not sent.

import type { PeriodChoice } from '../src/core/usage/periods';
import type { ExecutionRow, ToolLatencyStats, ToolServerStats, TotalsRow } from '../src/core/usage/protocol';

/** A range the user picks; the host turns it into epoch-millisecond bounds in its time zone. */
export type RangeChoice = Exclude<PeriodChoice, { kind: 'all' }>;

/** The ledger's row shapes, as the page receives them. */
export type GroupRow = TotalsRow;
export type DashboardTotals = Omit<TotalsRow, 'key' | 'label'>;
export type ExecutionSummary = ExecutionRow;
export type ToolServerSummary = ToolServerStats;
export type ToolSummary = ToolLatencyStats;

export interface DashboardData {
  range: { choice: RangeChoice; label: string; from: number; to: number };
  totals: DashboardTotals;
  /** Every day of the range, oldest first (YYYY-MM-DD), so charts have no gaps. */
  days: string[];
  /** Cost per day and model; days without calls are absent. */
  dailyByModel: { day: string; model: string; costUsd: number }[];
  /** Totals per day (tokens by type, cache hits, dollars saved). */
  daily: GroupRow[];
  byModel: GroupRow[];
  byProvider: GroupRow[];
  executions: ExecutionSummary[];
  toolServers: ToolServerSummary[];
  /** The ledger's loss monitor in one line; `ok` false (anything but "0 lost") shows it as a warning. */
  ledgerHealth?: { ok: boolean; text: string };
  /** Calls, errors and p50/p95 latency per tool. */
  tools: ToolSummary[];
}

export interface ExecutionCall {
  id: string;
  provider: string;
  model: string;
  startedAt: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  cacheHit: boolean;
  /** For cache hits: what the answer cost when first made (null = unpriced). */
  savedUsd: number | null;
  status: string;
  errorKind?: string;
}

export interface ExecutionToolCall {
  id: string;
  server: string;
  tool: string;
  startedAt: number;
  durationMs: number;
  status: string;
  error?: string;
}

export interface ExecutionDrillDown {
  id: string;
  calls: ExecutionCall[];
  toolCalls: ExecutionToolCall[];
}

/** Page → host. */
export type DashboardRequest =
  /** The page is listening; `range` is the one it restored from its state. */
  | { type: 'ready'; range: RangeChoice }
  | { type: 'setRange'; range: RangeChoice }
  | { type: 'openExecution'; id: string }
  | { type: 'export'; format: 'csv' | 'json' };

/** Host → page. */
export type DashboardMessage =
  | { type: 'data'; data: DashboardData }
  | { type: 'execution'; detail: ExecutionDrillDown }
  | { type: 'loading' }
  | { type: 'error'; message: string };

/** What the page keeps in `setState`: UI state only, never data. */
export interface DashboardUiState {
  range: RangeChoice;
  openExecution?: string;
}

// ── Call Tool ───────────────────────────────────────────────────────────────────────────

export interface ToolForm {
  /** `server/tool`. */
  qualifiedName: string;
  server: string;
  name: string;
  /** Untrusted server text: the page shows it as text only. */
  description: string;
  inputSchema: Record<string, unknown>;
}

export type ResultPart =
  | { kind: 'text'; text: string }
  | { kind: 'json'; json: string }
  | { kind: 'image'; mediaType: string; data: string }
  | { kind: 'resource'; uri: string; text?: string }
  /** The result's `structuredContent`, pretty-printed: shown apart from (and labelled unlike) the content. */
  | { kind: 'structured'; json: string };

export type CallToolRequest =
  | { type: 'ready' }
  | { type: 'call'; args: Record<string, unknown> };

export type CallToolMessage =
  | { type: 'tool'; tool: ToolForm }
  | { type: 'running' }
  | { type: 'invalid'; errors: string[] }
  | { type: 'result'; isError: boolean; durationMs: number; parts: ResultPart[] }
  | { type: 'failed'; message: string };

export interface CallToolUiState {
  qualifiedName?: string;
  raw?: boolean;
}

// ── Agent run ───────────────────────────────────────────────────────────────────────────

export type { AgentEvent } from '../src/core/agent/types';
import type { AgentEvent } from '../src/core/agent/types';

export type RunRequest = { type: 'ready' } | { type: 'cancel' };

export type RunMessage =
  | { type: 'start'; title: string; provider: string; model: string; maxCostUsd?: number }
  | { type: 'event'; event: AgentEvent };
