// The usage dashboard's contract: the page's own types (the host maps ledger rows into them,
// so a ledger query can change without changing the page) and its messages, declared once.
import { fromHost, isNothing, isString, literal, oneOf, optional, shape, type Guard } from './guards';
import { notification, request } from './ipc';

/** A range the user picks; the host turns it into epoch-millisecond bounds in its time zone. */
export type RangeChoice = { kind: 'today' | '7d' | '30d' | 'month' } | { kind: 'custom'; from: string; to: string }; // YYYY-MM-DD, inclusive

const isDay: Guard<string> = (v): v is string => isString(v) && /^\d{4}-\d{2}-\d{2}$/.test(v);
export const isRangeChoice: Guard<RangeChoice> = oneOf(shape({ kind: literal('today', '7d', '30d', 'month') }), shape({ kind: literal('custom'), from: isDay, to: isDay }));

/** What the page shows for a group of calls. Unpriced calls are counted apart, never as $0. */
export interface DashboardTotals {
  calls: number;
  errors: number;
  cacheHits: number;
  // Tokens by type.
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  // Dollars.
  costUsd: number;
  unpricedCalls: number;
  savedUsd: number;
}

/** Totals for one day (`YYYY-MM-DD`), provider or model. */
export interface GroupRow extends DashboardTotals {
  key: string;
  label: string;
}

/** Where calls came from: `gateway`, `vscode-chat`, `agent`, … and who asked within it ('' when not recorded). */
export interface ClientFilter {
  source: string;
  client: string;
}
export const isClientFilter: Guard<ClientFilter> = shape({ source: isString, client: isString });

/** Totals of one source and client; `label` is the client's name, or the source's when there is none. */
export interface ClientRow extends GroupRow, ClientFilter {}

export interface ExecutionSummary {
  id: string;
  kind: string;
  title: string;
  startedAt: number;
  status: string;
  /** LLM calls (cache hits among them) and the tool calls it made. */
  calls: number;
  toolCalls: number;
  /** Input + output tokens. */
  tokens: number;
  costUsd: number;
  unpricedCalls: number;
  savedUsd: number;
  cacheHits: number;
}

/** Tool calls to one MCP server. */
export interface ToolServerSummary {
  server: string;
  calls: number;
  avgMs: number;
  maxMs: number;
  errors: number;
  /** errors / calls, 0–1. */
  errorRate: number;
}

/** One tool's calls; latency percentiles are over the calls that ran (null if none did). */
export interface ToolSummary {
  server: string;
  tool: string;
  calls: number;
  /** Nearest-rank percentiles in milliseconds. */
  p50Ms: number | null;
  p95Ms: number | null;
  errors: number;
}

/** One MCP server's connection overhead: its last cold connect (phases) and the median of its recent warm calls. */
export interface McpServerOverhead {
  server: string;
  lastConnect?: { totalMs: number; phases: { name: string; ms: number }[] };
  warmCalls: number;
  medianWarmMs: number | null;
}

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
  byClient: ClientRow[];
  /** The client the executions are filtered to, if any (the by-client table lists every client). */
  client?: ClientFilter;
  executions: ExecutionSummary[];
  toolServers: ToolServerSummary[];
  /** Each MCP server's connection overhead, whatever the range. */
  mcpTimings: McpServerOverhead[];
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

/** Whose usage the page shows: this machine's ledger, or the team database (every member's). */
export type DashboardScope = 'me' | 'team';

/** One execution across the team: a local execution's figures (without its title, which is never
 * shipped, nor tool calls and cache hits, which the team database does not total) and who ran it. */
export type TeamExecutionSummary = Omit<ExecutionSummary, 'title' | 'toolCalls' | 'cacheHits'> & { member: string; project: string };

export interface MemberSavingsRow {
  member: string;
  calls: number;
  cacheHits: number;
  savedUsd: number;
}

/** The Team scope: whole UTC days of the team database's daily rollup. */
export interface TeamDashboardData {
  range: { choice: RangeChoice; label: string; from: number; to: number };
  /** `host:port/database` the figures come from. */
  source: string;
  totals: DashboardTotals;
  byMember: GroupRow[];
  byProject: GroupRow[];
  byModel: GroupRow[];
  byDay: GroupRow[];
  topExecutions: TeamExecutionSummary[];
  savings: MemberSavingsRow[];
}

/** What the page keeps in `setState`: UI state only, never data. */
export interface DashboardUiState {
  range: RangeChoice;
  openExecution?: string;
  scope?: DashboardScope;
  /** The client filter; absent = every client. */
  client?: ClientFilter;
}

export const Dashboard = {
  /** Page → host: the data for a range and client filter (the host also remembers them for refreshes). */
  load: request('dashboard/load', shape({ range: isRangeChoice, client: optional(isClientFilter) }), fromHost<DashboardData>()),
  /** Page → host: the Team scope for a range (an error says why when the team ledger is off). */
  team: request('dashboard/team', shape({ range: isRangeChoice }), fromHost<TeamDashboardData>()),
  /** Page → host: one execution's calls and tool calls. */
  execution: request('dashboard/execution', shape({ id: isString }), fromHost<ExecutionDrillDown>()),
  /** Page → host: save the range's records to a file the user picks. */
  export: request('dashboard/export', shape({ format: literal('csv', 'json') }), isNothing),
  /** Host → page: fresh data for the page's range, after usage was recorded. */
  refreshed: notification('dashboard/refreshed', fromHost<DashboardData>()),
};

