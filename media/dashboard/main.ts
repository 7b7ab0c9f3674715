// The usage dashboard page: asks the host for data after a ready handshake, renders it,
// and keeps only UI state (range, open execution) in the webview state.
import type { DashboardData, DashboardMessage, DashboardRequest, DashboardUiState, RangeChoice } from '../protocol';
import { byId, count, h, replaceChildren, usd } from '../dom';
import { DashboardCharts } from './charts';
import { drillDown, executionsTable, groupTable, toolServersTable, toolsTable } from './tables';

declare function acquireVsCodeApi(): { postMessage(msg: DashboardRequest): void; getState(): DashboardUiState | undefined; setState(s: DashboardUiState): void };

const vscode = acquireVsCodeApi();
const state: DashboardUiState = vscode.getState() ?? { range: { kind: '30d' } };
const post = (msg: DashboardRequest) => vscode.postMessage(msg);
const charts = new DashboardCharts({ cost: byId('chart-cost'), tokens: byId('chart-tokens'), cache: byId('chart-cache') });

/** The data on screen (kept in memory only; webview state holds UI state alone). */
let shown: DashboardData | undefined;
const rangeSelect = byId<HTMLSelectElement>('range');
const fromInput = byId<HTMLInputElement>('from');
const toInput = byId<HTMLInputElement>('to');

function saveState(): void {
  vscode.setState(state);
}

function currentRange(): RangeChoice {
  const kind = rangeSelect.value as RangeChoice['kind'];
  if (kind === 'custom') return { kind, from: fromInput.value, to: toInput.value };
  return { kind };
}

function showRange(range: RangeChoice): void {
  rangeSelect.value = range.kind;
  const custom = range.kind === 'custom';
  byId('custom-range').hidden = !custom;
  if (custom) {
    fromInput.value = range.from;
    toInput.value = range.to;
  }
}

function requestRange(): void {
  const range = currentRange();
  showRange(range);
  if (range.kind === 'custom' && (!range.from || !range.to)) return;
  state.range = range;
  state.openExecution = undefined;
  saveState();
  post({ type: 'setRange', range });
}

rangeSelect.addEventListener('change', requestRange);
fromInput.addEventListener('change', requestRange);
toInput.addEventListener('change', requestRange);
byId('export-csv').addEventListener('click', () => post({ type: 'export', format: 'csv' }));
byId('export-json').addEventListener('click', () => post({ type: 'export', format: 'json' }));

function openExecution(id: string): void {
  state.openExecution = id;
  saveState();
  post({ type: 'openExecution', id });
}

function kpi(label: string, value: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
}

window.addEventListener('message', (event: MessageEvent<DashboardMessage>) => {
  const msg = event.data;
  const status = byId('status');
  switch (msg.type) {
    case 'loading':
      status.textContent = 'Loading…';
      break;
    case 'error':
      status.textContent = msg.message;
      status.className = 'error';
      break;
    case 'data': {
      const d = msg.data;
      shown = d;
      status.textContent = '';
      status.className = '';
      byId('range-label').textContent = d.range.label;
      const t = d.totals;
      const lookups = t.calls;
      replaceChildren(
        byId('kpis'),
        kpi('cost', t.unpricedCalls ? `${usd(t.costUsd)} + ${t.unpricedCalls} unpriced` : usd(t.costUsd)),
        kpi('LLM calls', count(t.calls)),
        kpi('cache hit rate', lookups ? `${((t.cacheHits / lookups) * 100).toFixed(1)} %` : '—'),
        kpi('saved by the cache', usd(t.savedUsd)),
        kpi('tokens in / out', `${count(t.inputTokens)} / ${count(t.outputTokens)}`),
      );
      const health = byId('ledger-health');
      health.textContent = d.ledgerHealth ? `${d.ledgerHealth.ok ? '' : '⚠ '}${d.ledgerHealth.text}` : '';
      health.className = d.ledgerHealth?.ok === false ? 'error' : 'muted';
      charts.render(d);
      replaceChildren(byId('by-model'), groupTable('By model', 'model', d.byModel, d.range.label));
      replaceChildren(byId('by-provider'), groupTable('By provider', 'provider', d.byProvider, d.range.label));
      replaceChildren(byId('executions'), executionsTable(d, openExecution));
      replaceChildren(byId('tool-servers'), toolServersTable(d));
      replaceChildren(byId('tools'), toolsTable(d));
      replaceChildren(byId('drilldown'));
      if (state.openExecution && d.executions.some((e) => e.id === state.openExecution)) post({ type: 'openExecution', id: state.openExecution });
      break;
    }
    case 'execution':
      replaceChildren(byId('drilldown'), drillDown(msg.detail));
      byId('drilldown').scrollIntoView({ block: 'nearest' });
      break;
  }
});

// Redraw charts when the theme changes: their colours come from the theme's CSS variables.
new MutationObserver(() => shown && charts.render(shown)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

showRange(state.range);
post({ type: 'ready', range: state.range });
