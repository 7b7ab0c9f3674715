// The dashboard's tables. Every cell is text (textContent), never markup. An empty table keeps
// its caption and header and says in its body what would be there and why there is nothing.
import type { ClientFilter, ClientRow, DashboardData, ExecutionDrillDown, ExecutionSummary, GroupRow, McpServerOverhead } from '../protocol';
import { cacheHitLabel, count, h, ms, usd } from '../dom';

export function costCell(row: { costUsd: number; unpricedCalls: number }): string {
  // An unpriced call is never shown as $0: say how many were left out of the sum.
  return row.unpricedCalls > 0 ? `${usd(row.costUsd)} + ${row.unpricedCalls} unpriced` : usd(row.costUsd);
}

/** A cache hit costs $0 and sends no tokens: label it instead of showing a bare $0.00. */
function executionCost(e: ExecutionSummary): string {
  if (e.cacheHits === 0) return costCell(e);
  if (e.cacheHits === e.calls) return cacheHitLabel(e.savedUsd);
  return `${costCell(e)} · ${e.cacheHits} answered from cache · saved ${usd(e.savedUsd)}`;
}

export function table(caption: string, head: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  const body = rows.length > 0 ? rows : [h('tr', {}, h('td', { class: 'empty', colspan: head.length }, empty))];
  return h(
    'table',
    { class: rows.length > 0 ? undefined : 'empty-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...body),
  );
}

export const num = (text: string) => h('td', { class: 'num' }, text);
export function kpi(label: string, value: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
}

const latency = (value: number | null) => (value === null ? '—' : ms(value));

export function groupTable(caption: string, keyName: string, rows: GroupRow[], rangeLabel: string): HTMLElement {
  return table(
    caption,
    [keyName, 'calls', 'input', 'output', 'cost', 'cache hits', 'saved'],
    rows.map((r) =>
      h('tr', {}, h('td', {}, r.label), num(count(r.calls)), num(count(r.inputTokens)), num(count(r.outputTokens)), num(costCell(r)),
        num(count(r.cacheHits)), num(usd(r.savedUsd))),
    ),
    `No calls in this period (${rangeLabel}): cost per ${keyName} appears here once a prompt has run.`,
  );
}

export const sameClient = (a: ClientFilter, b: ClientFilter | undefined): boolean => !!b && a.source === b.source && a.client === b.client;

/** Calls per gateway client, VS Code chat extension or source (a call without a client shows as its source). */
export function clientTable(data: DashboardData): HTMLElement {
  const rows = data.client ? data.byClient.filter((r) => sameClient(r, data.client)) : data.byClient;
  return table(
    'By client',
    ['client', 'source', 'calls', 'tokens', 'cost', 'cache hits', 'saved'],
    rows.map((r: ClientRow) =>
      h('tr', { 'data-client': r.client, 'data-source': r.source }, h('td', {}, r.label), h('td', {}, r.source || '—'), num(count(r.calls)),
        num(count(r.inputTokens + r.outputTokens)), num(costCell(r)), num(count(r.cacheHits)), num(usd(r.savedUsd))),
    ),
    `No calls in this period (${data.range.label}): each gateway client, VS Code chat and Run Prompt appears here once it has made a call.`,
  );
}

export function executionsTable(data: DashboardData, open: (id: string) => void): HTMLElement {
  return table(
    'Executions: agent runs and tools called by hand (Enter or click for their calls)',
    ['started', 'kind', 'title', 'status', 'LLM calls', 'tool calls', 'tokens', 'cost'],
    data.executions.map((e) =>
      h(
        'tr',
        { tabindex: 0, class: 'clickable', 'data-execution': e.id, onclick: () => open(e.id), onkeydown: (ev: Event) => (ev as KeyboardEvent).key === 'Enter' && open(e.id) },
        h('td', {}, new Date(e.startedAt).toLocaleString()), h('td', {}, e.kind), h('td', {}, e.title), h('td', {}, e.status),
        // No tokens to count: a tool called by hand makes no LLM calls, and a cache hit sends none.
        num(count(e.calls)), num(count(e.toolCalls)), num(e.calls === 0 || e.cacheHits === e.calls ? '—' : count(e.tokens)),
        h('td', { class: e.cacheHits > 0 ? 'num cache-hit' : 'num' }, e.calls === 0 ? '—' : executionCost(e)),
      ),
    ),
    `No executions in this period (${data.range.label}): each Run Prompt and each Call Tool appears here.`,
  );
}

/** A warm call is often under a millisecond: one decimal below 10 ms. */
const fineMs = (value: number) => (value < 10 ? `${value.toFixed(1)} ms` : ms(value));

function coldConnect(t: McpServerOverhead | undefined): string {
  const c = t?.lastConnect;
  return c ? `${fineMs(c.totalMs)} (${c.phases.map((p) => `${p.name} ${fineMs(p.ms)}`).join(' · ')})` : '—';
}

export function toolServersTable(data: DashboardData): HTMLElement {
  const timings = new Map(data.mcpTimings.map((t) => [t.server, t]));
  const overhead = (server: string) => {
    const t = timings.get(server);
    return [num(coldConnect(t)), num(t?.medianWarmMs == null ? '—' : fineMs(t.medianWarmMs))];
  };
  // Servers with timings but no tool calls in the range still show their connection overhead.
  const idle = data.mcpTimings.filter((t) => !data.toolServers.some((s) => s.server === t.server));
  return table(
    'Tool calls per MCP server (connection overhead: the last cold connect and the median of recent warm calls)',
    ['server', 'calls', 'errors', 'error rate', 'avg latency', 'max latency', 'last cold connect', 'median warm call'],
    [
      ...data.toolServers.map((s) =>
        h('tr', {}, h('td', {}, s.server), num(count(s.calls)), num(count(s.errors)), num(`${(s.errorRate * 100).toFixed(1)} %`), num(ms(s.avgMs)), num(ms(s.maxMs)), ...overhead(s.server)),
      ),
      ...idle.map((t) => h('tr', {}, h('td', {}, t.server), num('—'), num('—'), num('—'), num('—'), num('—'), ...overhead(t.server))),
    ],
    `No tool calls in this period (${data.range.label}): MCP servers appear here once an agent run or Call Tool uses them.`,
  );
}

export function toolsTable(data: DashboardData): HTMLElement {
  return table(
    'Calls per tool (latency: 50th and 95th percentile of the calls that ran)',
    ['tool', 'calls', 'errors', 'p50 latency', 'p95 latency'],
    data.tools.map((t) =>
      h('tr', {}, h('td', {}, `${t.server}/${t.tool}`), num(count(t.calls)), num(count(t.errors)), num(latency(t.p50Ms)), num(latency(t.p95Ms))),
    ),
    `No tool calls in this period (${data.range.label}): each tool appears here once an agent run or Call Tool calls it.`,
  );
}

export function drillDown(detail: ExecutionDrillDown): HTMLElement {
  return h(
    'div',
    { class: 'drilldown' },
    table(
      `LLM calls of execution ${detail.id}`,
      ['started', 'provider', 'model', 'duration', 'input', 'output', 'cost', 'status'],
      detail.calls.map((c) =>
        h('tr', {}, h('td', {}, new Date(c.startedAt).toLocaleTimeString()), h('td', {}, c.provider), h('td', {}, c.model), num(ms(c.durationMs)),
          num(count(c.inputTokens)), num(count(c.outputTokens)),
          h('td', { class: c.cacheHit ? 'num cache-hit' : 'num' }, c.cacheHit ? cacheHitLabel(c.savedUsd) : usd(c.costUsd)),
          h('td', {}, c.errorKind ? `${c.status} (${c.errorKind})` : c.status)),
      ),
      'This execution made no LLM calls (a tool called by hand makes none).',
    ),
    table(
      'Tool calls',
      ['started', 'server', 'tool', 'duration', 'status', 'error'],
      detail.toolCalls.map((t) =>
        h('tr', {}, h('td', {}, new Date(t.startedAt).toLocaleTimeString()), h('td', {}, t.server), h('td', {}, t.tool), num(ms(t.durationMs)),
          h('td', {}, t.status), h('td', {}, t.error ?? '')),
      ),
      'This execution called no tools.',
    ),
  );
}
