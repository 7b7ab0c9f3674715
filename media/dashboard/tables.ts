// The dashboard's tables. Every cell is text (textContent), never markup.
import type { DashboardData, ExecutionDrillDown, GroupRow } from '../protocol';
import { count, h, ms, usd } from '../dom';

function costCell(row: { costUsd: number; unpricedCalls: number }): string {
  // An unpriced call is never shown as $0: say how many were left out of the sum.
  return row.unpricedCalls > 0 ? `${usd(row.costUsd)} + ${row.unpricedCalls} unpriced` : usd(row.costUsd);
}

function table(caption: string, head: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows),
  );
}

export function groupTable(caption: string, keyName: string, rows: GroupRow[]): HTMLElement {
  return table(
    caption,
    [keyName, 'calls', 'input', 'output', 'cost', 'cache hits', 'saved'],
    rows.map((r) =>
      h('tr', {}, h('td', {}, r.label), h('td', { class: 'num' }, count(r.calls)), h('td', { class: 'num' }, count(r.inputTokens)),
        h('td', { class: 'num' }, count(r.outputTokens)), h('td', { class: 'num' }, costCell(r)), h('td', { class: 'num' }, count(r.cacheHits)),
        h('td', { class: 'num' }, usd(r.savedUsd))),
    ),
    'No calls in this range.',
  );
}

export function executionsTable(data: DashboardData, open: (id: string) => void): HTMLElement {
  return table(
    'Recent executions (Enter or click for their calls)',
    ['started', 'kind', 'title', 'status', 'calls', 'tokens', 'cost'],
    data.executions.map((e) => {
      const row = h(
        'tr',
        { tabindex: 0, class: 'clickable', 'data-execution': e.id, onclick: () => open(e.id), onkeydown: (ev: Event) => (ev as KeyboardEvent).key === 'Enter' && open(e.id) },
        h('td', {}, new Date(e.startedAt).toLocaleString()), h('td', {}, e.kind), h('td', {}, e.title), h('td', {}, e.status),
        h('td', { class: 'num' }, count(e.calls)), h('td', { class: 'num' }, count(e.tokens)), h('td', { class: 'num' }, costCell(e)),
      );
      return row;
    }),
    'No executions in this range.',
  );
}

export function toolServersTable(data: DashboardData): HTMLElement {
  return table(
    'Tool calls per MCP server',
    ['server', 'calls', 'errors', 'error rate', 'avg latency', 'max latency'],
    data.toolServers.map((s) =>
      h('tr', {}, h('td', {}, s.server), h('td', { class: 'num' }, count(s.calls)), h('td', { class: 'num' }, count(s.errors)),
        h('td', { class: 'num' }, `${(s.errorRate * 100).toFixed(1)} %`), h('td', { class: 'num' }, ms(s.avgMs)), h('td', { class: 'num' }, ms(s.maxMs))),
    ),
    'No tool calls in this range.',
  );
}

export function drillDown(detail: ExecutionDrillDown): HTMLElement {
  return h(
    'div',
    { class: 'drilldown' },
    table(
      `LLM calls of execution ${detail.id}`,
      ['started', 'provider', 'model', 'duration', 'input', 'output', 'cost', 'cache', 'status'],
      detail.calls.map((c) =>
        h('tr', {}, h('td', {}, new Date(c.startedAt).toLocaleTimeString()), h('td', {}, c.provider), h('td', {}, c.model), h('td', { class: 'num' }, ms(c.durationMs)),
          h('td', { class: 'num' }, count(c.inputTokens)), h('td', { class: 'num' }, count(c.outputTokens)), h('td', { class: 'num' }, usd(c.costUsd)),
          h('td', {}, c.cacheHit ? 'hit' : ''), h('td', {}, c.errorKind ? `${c.status} (${c.errorKind})` : c.status)),
      ),
      'No LLM calls.',
    ),
    table(
      'Tool calls',
      ['started', 'server', 'tool', 'duration', 'status', 'error'],
      detail.toolCalls.map((t) =>
        h('tr', {}, h('td', {}, new Date(t.startedAt).toLocaleTimeString()), h('td', {}, t.server), h('td', {}, t.tool), h('td', { class: 'num' }, ms(t.durationMs)),
          h('td', {}, t.status), h('td', {}, t.error ?? '')),
      ),
      'No tool calls.',
    ),
  );
}
