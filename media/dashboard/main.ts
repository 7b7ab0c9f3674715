// The usage dashboard page: asks the host for data after a ready handshake, renders it,
// and keeps only UI state (range, open execution) in the webview state.
import { Dashboard, errorText, type DashboardData, type DashboardUiState, type RangeChoice } from '../protocol';
import { byId, count, h, replaceChildren, usd } from '../dom';
import { connectPage } from '../page';
import { DashboardCharts } from './charts';
import { drillDown, executionsTable, groupTable, toolServersTable, toolsTable } from './tables';

const page = connectPage<DashboardUiState>();
const { channel } = page;
const state: DashboardUiState = page.savedState ?? { range: { kind: '30d' } };
const charts = new DashboardCharts({ cost: byId('chart-cost'), tokens: byId('chart-tokens'), cache: byId('chart-cache') });

/** The data on screen (kept in memory only; webview state holds UI state alone). */
let shown: DashboardData | undefined;
const rangeSelect = byId<HTMLSelectElement>('range');
const fromInput = byId<HTMLInputElement>('from');
const toInput = byId<HTMLInputElement>('to');

function saveState(): void {
  page.saveState(state);
}

function showError(err: unknown): void {
  const status = byId('status');
  status.textContent = errorText(err);
  status.className = 'error';
}

/** Counts load requests, so an answer for a range the user has since left is dropped. */
let loads = 0;

async function load(range: RangeChoice): Promise<void> {
  const mine = ++loads;
  byId('status').textContent = 'Loading…';
  try {
    const data = await channel.request(Dashboard.load, { range });
    if (mine === loads) show(data);
  } catch (err) {
    if (mine === loads) showError(err);
  }
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
  void load(range);
}

rangeSelect.addEventListener('change', requestRange);
fromInput.addEventListener('change', requestRange);
toInput.addEventListener('change', requestRange);
for (const format of ['csv', 'json'] as const) {
  byId(`export-${format}`).addEventListener('click', () => channel.request(Dashboard.export, { format }).catch(showError));
}

async function showExecution(id: string): Promise<void> {
  try {
    const detail = await channel.request(Dashboard.execution, { id });
    replaceChildren(byId('drilldown'), drillDown(detail));
    byId('drilldown').scrollIntoView({ block: 'nearest' });
  } catch (err) {
    showError(err);
  }
}

function openExecution(id: string): void {
  state.openExecution = id;
  saveState();
  void showExecution(id);
}

function kpi(label: string, value: string): HTMLElement {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
}

function show(d: DashboardData): void {
  shown = d;
  const status = byId('status');
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
  if (state.openExecution && d.executions.some((e) => e.id === state.openExecution)) void showExecution(state.openExecution);
}

channel.onNotification(Dashboard.refreshed, show);

// Redraw charts when the theme changes: their colours come from the theme's CSS variables.
new MutationObserver(() => shown && charts.render(shown)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

showRange(state.range);
channel.ready();
void load(state.range);
