// Shapes shared by the ledger's host-thread facade and its worker: queries, their results and
// the messages between them. Ranges are half-open [from, to) in epoch milliseconds.
import type { CallStatus, ExecutionRecord, ToolCallRecord } from './records';
import type { Usage } from '../llm/types';
import type { MessagePort } from 'node:worker_threads';
import type { PriceOverrides } from './priceOverrides';

export interface TimeRange {
  from: number;
  to: number;
}

/**
 * `day-model`: one row per day and model, keyed `YYYY-MM-DD\u0000model` (the dashboard's stacked cost chart);
 * `client`: one row per source and client, keyed `source\u0000client`, with both as fields too.
 */
export type GroupBy = 'day' | 'provider' | 'model' | 'execution' | 'day-model' | 'client';

export interface TotalsRow {
  /** Day: `YYYY-MM-DD` (local to the query's time zone); else the provider, model or execution id. */
  key: string;
  /** Human label: same as key, or an execution's title. */
  label: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Sum over priced calls; see `unpricedCalls` — an unpriced call is never counted as $0. */
  costUsd: number;
  unpricedCalls: number;
  savedUsd: number;
  cacheHits: number;
  errors: number;
  /** Grouped by client: where the calls came from (`gateway`, `vscode-chat`, `agent`, …) and who asked; absent when not recorded. */
  source?: string;
  client?: string;
}

/** Where calls came from; an absent field matches calls that recorded none. */
export interface CallOrigin {
  source?: string;
  client?: string;
}

export interface CallRow {
  id: string;
  executionId?: string;
  provider: string;
  providerKind: string;
  model: string;
  responseModel: string;
  startedAt: number;
  durationMs: number;
  usage: Usage;
  /** null = unpriced. */
  costUsd: number | null;
  savedUsd: number | null;
  cacheHit: boolean;
  status: CallStatus;
  errorKind?: string;
  priceVersion?: string;
  source?: string;
  client?: string;
  workspace?: string;
}

/** A stored tool call reads back exactly as it was recorded. */
export type ToolCallRow = ToolCallRecord;

/** An execution as recorded, with the totals of its calls. */
export interface ExecutionRow extends ExecutionRecord {
  calls: number;
  /** Input + output tokens. */
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  savedUsd: number;
  costUsd: number;
  unpricedCalls: number;
  /** LLM calls answered from the response cache (only in `topExecutions` and `execution`; else 0). */
  cacheHits: number;
  /** Tool calls made in it (only in `topExecutions` and `execution`; else 0). */
  toolCalls: number;
}

export interface ExecutionDetail {
  execution: ExecutionRow | undefined;
  calls: CallRow[];
  toolCalls: ToolCallRow[];
}

export interface CacheSavings {
  calls: number;
  cacheHits: number;
  savedUsd: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface ToolServerStats {
  server: string;
  calls: number;
  errors: number;
  errorRate: number;
  avgMs: number;
  maxMs: number;
}

/** One tool's calls; latency percentiles are nearest-rank over the calls that ran (null if none did). */
export interface ToolLatencyStats {
  server: string;
  tool: string;
  calls: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** One MCP server's connection overhead: its last cold connect and the median of its recent warm calls. */
export interface McpServerTimings {
  server: string;
  lastConnect?: { startedAt: number; transport: string; totalMs: number; phases: { name: string; ms: number }[] };
  /** Warm calls the median is taken over (the most recent, at most mcpTimings.ts's WARM_KEPT). */
  warmCalls: number;
  medianWarmMs: number | null;
}

export type Query =
  | { q: 'totals'; range: TimeRange; groupBy: GroupBy; tzOffsetMinutes?: number }
  | { q: 'execution'; id: string }
  /** The costliest executions; with `by`, only those of one source and client (see queries.ts). */
  | { q: 'topExecutions'; range: TimeRange; limit: number; by?: CallOrigin }
  | { q: 'cacheSavings'; range: TimeRange }
  | { q: 'toolStats'; range: TimeRange }
  | { q: 'toolLatency'; range: TimeRange }
  | { q: 'counts' }
  /** Priced spend in the range, of one workspace's calls when `workspace` is set. */
  | { q: 'spend'; range: TimeRange; workspace?: string }
  /** Each MCP server's last cold connect and median warm call. */
  | { q: 'mcpTimings' }
  /** Rows of one kind after `after` in (start, id) order, optionally only those starting before `until`. */
  | { q: 'outbox'; kind: OutboxKind; after?: OutboxCursor; until?: number; limit: number }
  /** Per UTC day, a signature of the rows at or before `upTo` (changes when rows arrive, finish or go). */
  | { q: 'outboxDays'; kind: OutboxKind; upTo: OutboxCursor };

export interface QueryResults {
  totals: TotalsRow[];
  execution: ExecutionDetail;
  topExecutions: ExecutionRow[];
  cacheSavings: CacheSavings;
  toolStats: ToolServerStats[];
  toolLatency: ToolLatencyStats[];
  spend: { costUsd: number };
  counts: { calls: number; toolCalls: number; executions: number; hourlyRollups: number };
  outbox: CallRow[] | ToolCallRow[] | ExecutionRow[];
  outboxDays: DaySignature[];
  mcpTimings: McpServerTimings[];
}

/**
 * The ledger read as an outbox, for shipping its rows elsewhere: `(start, id)` is a stable order
 * (records are immutable once stored, except an execution's end, status and kind).
 */
export type OutboxKind = 'calls' | 'toolCalls' | 'executions';

export interface OutboxCursor {
  start: number;
  id: string;
}

export interface DaySignature {
  /** UTC day number: floor(start / 86,400,000). */
  day: number;
  /** Row count; for executions also how many have finished and how many carry their own record. */
  sig: string;
  rows: number;
}

export type ExportFormat = 'csv' | 'json';

export interface CheckpointInfo {
  ms: number;
  bytes: number;
  /** True when another process had written the file and it was merged first. */
  merged: boolean;
}

export interface WorkerInit {
  dir: string;
  wasmPath: string;
  /** This ledger's journal tag: its own journal files are `journal-<pid>-<tag>-*.jsonl`. */
  tag: string;
  overrides: PriceOverrides;
  retentionDays: number;
}

/** Host thread → worker. */
export type ToWorker =
  | { t: 'lines'; data: string; journaled: boolean }
  /** Read this window's journal from where the worker last read it (batches were left there). */
  | { t: 'catchUp' }
  | { t: 'call'; id: number; op: WorkerOp }
  /** Answer `query` calls arriving on this port too (another worker reading the ledger directly). */
  | { t: 'queryPort'; port: MessagePort };

export type WorkerOp =
  | { op: 'query'; query: Query }
  | { op: 'checkpoint'; upToSegment: number }
  | { op: 'close'; upToSegment: number }
  | { op: 'export'; path: string; format: ExportFormat; range: TimeRange }
  | { op: 'recompute'; overrides: PriceOverrides }
  | { op: 'settings'; overrides: PriceOverrides; retentionDays: number }
  | { op: 'prune'; now: number }
  | { op: 'verify' }
  | { op: 'health' };

/** Worker → host thread. */
export type FromWorker =
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  | { t: 'warning'; message: string }
  | { t: 'recovered' }
  /** A `lines` batch of this many characters was applied. */
  | { t: 'applied'; chars: number }
  | { t: 'ready'; loadMs: number };
