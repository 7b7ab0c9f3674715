// Builds the dashboard's data for a range from the usage ledger's queries (all answered by
// the ledger's worker, from its hourly rollups, so this stays fast at a million calls).
// The page's types are its own: each row is mapped field by field, so a ledger query can change
// without changing what the page receives.
import type { ClientFilter, ClientRow, DashboardData, ExecutionDrillDown, ExecutionSummary, GroupRow, McpServerOverhead, RangeChoice, ToolServerSummary, ToolSummary } from '../../../media/protocol';
import type { ExecutionRow, McpServerTimings, Query, QueryResults, ToolLatencyStats, ToolServerStats, TotalsRow } from '../../core/usage/protocol';
import { isHealthy, summarizeLedgerHealth } from '../../core/usage/ledgerHealth';
import type { LedgerHealth } from '../../core/usage/ledgerHealth';
import { daysOf, localOffsetMinutes, rangeFor } from '../../core/usage/periods';

export interface LedgerQueries {
  query<Q extends Query>(query: Q): Promise<QueryResults[Q['q']]>;
  health?(): Promise<LedgerHealth>;
}

const ZERO: Omit<GroupRow, 'key' | 'label'> = {
  calls: 0, costUsd: 0, unpricedCalls: 0, cacheHits: 0, savedUsd: 0, errors: 0,
  inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
};

function groupRow(r: TotalsRow): GroupRow {
  const { key, label, calls, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, costUsd, unpricedCalls, savedUsd, cacheHits, errors } = r;
  return { key, label, calls, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, costUsd, unpricedCalls, savedUsd, cacheHits, errors };
}

/** How calls without a client are named: by their source, in the words the user knows it by. */
const SOURCE_LABELS: Readonly<Record<string, string>> = { agent: 'Run Prompt', 'vscode-chat': 'vscode-chat', gateway: 'gateway' };

function clientRow(r: TotalsRow): ClientRow {
  const source = r.source ?? '';
  const client = r.client ?? '';
  const label = client || SOURCE_LABELS[source] || source || 'unattributed (recorded before sources were kept)';
  return { ...groupRow(r), label, source, client };
}

function executionSummary(e: ExecutionRow): ExecutionSummary {
  const { id, kind, title, startedAt, status, calls, toolCalls, tokens, costUsd, unpricedCalls, savedUsd, cacheHits } = e;
  return { id, kind, title, startedAt, status, calls, toolCalls, tokens, costUsd, unpricedCalls, savedUsd, cacheHits };
}

function toolServerSummary(s: ToolServerStats): ToolServerSummary {
  const { server, calls, errors, errorRate, avgMs, maxMs } = s;
  return { server, calls, errors, errorRate, avgMs, maxMs };
}

function toolSummary(t: ToolLatencyStats): ToolSummary {
  const { server, tool, calls, errors, p50Ms, p95Ms } = t;
  return { server, tool, calls, errors, p50Ms, p95Ms };
}

function mcpOverhead(t: McpServerTimings): McpServerOverhead {
  const c = t.lastConnect;
  const lastConnect = c && { totalMs: c.totalMs, phases: c.phases.map(({ name, ms }) => ({ name, ms })) };
  return { server: t.server, ...(lastConnect ? { lastConnect } : {}), warmCalls: t.warmCalls, medianWarmMs: t.medianWarmMs };
}

function sum(rows: readonly TotalsRow[]): DashboardData['totals'] {
  const t = { ...ZERO };
  for (const r of rows) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
  return t;
}

/** `client` filters the executions (the by-client table always lists every client, for the page's filter). */
export async function dashboardData(ledger: LedgerQueries, choice: RangeChoice, now = Date.now(), client?: ClientFilter): Promise<DashboardData> {
  const r = rangeFor(choice, now);
  const range = { from: r.from, to: r.to };
  const tzOffsetMinutes = localOffsetMinutes(now);
  const by = client && { ...(client.source ? { source: client.source } : {}), ...(client.client ? { client: client.client } : {}) };
  const [daily, dayModel, byModel, byProvider, byClient, executions, toolServers, tools, mcpTimings, health] = await Promise.all([
    ledger.query({ q: 'totals', range, groupBy: 'day', tzOffsetMinutes }),
    ledger.query({ q: 'totals', range, groupBy: 'day-model', tzOffsetMinutes }),
    ledger.query({ q: 'totals', range, groupBy: 'model' }),
    ledger.query({ q: 'totals', range, groupBy: 'provider' }),
    ledger.query({ q: 'totals', range, groupBy: 'client' }),
    ledger.query({ q: 'topExecutions', range, limit: 25, ...(by ? { by } : {}) }),
    ledger.query({ q: 'toolStats', range }),
    ledger.query({ q: 'toolLatency', range }),
    ledger.query({ q: 'mcpTimings' }),
    ledger.health?.(),
  ]);
  return {
    range: { choice, label: r.label, from: r.from, to: r.to },
    totals: sum(byProvider),
    days: daysOf(range),
    dailyByModel: dayModel.map((row) => {
      const [day = '', model = ''] = row.key.split('\u0000');
      return { day, model, costUsd: row.costUsd };
    }),
    daily: daily.map(groupRow),
    byModel: byModel.map(groupRow),
    byProvider: byProvider.map(groupRow),
    byClient: byClient.map(clientRow),
    ...(client ? { client: { source: client.source, client: client.client } } : {}),
    executions: executions.map(executionSummary),
    toolServers: toolServers.map(toolServerSummary),
    tools: tools.map(toolSummary),
    mcpTimings: mcpTimings.map(mcpOverhead),
    ...(health ? { ledgerHealth: { ok: isHealthy(health), text: summarizeLedgerHealth(health) } } : {}),
  };
}

export async function executionDrillDown(ledger: LedgerQueries, id: string): Promise<ExecutionDrillDown> {
  const detail = await ledger.query({ q: 'execution', id });
  return {
    id,
    calls: detail.calls.map((c) => ({
      id: c.id, provider: c.provider, model: c.model, startedAt: c.startedAt, durationMs: c.durationMs,
      inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens, costUsd: c.costUsd, cacheHit: c.cacheHit, savedUsd: c.savedUsd, status: c.status, errorKind: c.errorKind,
    })),
    toolCalls: detail.toolCalls.map((t) => ({ id: t.id, server: t.server, tool: t.tool, startedAt: t.startedAt, durationMs: t.durationMs, status: t.status, error: t.error })),
  };
}
