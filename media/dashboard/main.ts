// The usage dashboard page: asks the host for data after a ready handshake, renders it,
// and keeps only UI state (range, open execution) in the webview state.
import { Dashboard, errorText, type ClientFilter, type DashboardData, type DashboardScope, type DashboardUiState, type RangeChoice } from '../protocol';
import { byId, count, h, replaceChildren, usd } from '../dom';
import { connectPage } from '../page';
import { DashboardCharts } from './charts';
import { clientTable, drillDown, executionsTable, groupTable, kpi, sameClient, toolServersTable, toolsTable } from './tables';
import { showTeam } from './teamView';

const page = connectPage<DashboardUiState>();
const { channel } = page;
const state: DashboardUiState = page.savedState ?? { range: { kind: '30d' } };
const charts = new DashboardCharts({ cost: byId('chart-cost'), tokens: byId('chart-tokens'), cache: byId('chart-cache') });

/** The data on screen (kept in memory only; webview state holds UI state alone). */
let shown: DashboardData | undefined;
const rangeSelect = byId<HTMLSelectElement>('range');
const fromInput = byId<HTMLInputElement>('from');
const toInput = byId<HTMLInputElement>('to');
const clientSelect = byId<HTMLSelectElement>('client-filter');

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
  const status = byId('status');
  status.textContent = 'Loading…';
  status.className = '';
  try {
    if (state.scope === 'team') {
      const data = await channel.request(Dashboard.team, { range });
      if (mine !== loads) return;
      status.textContent = '';
      showTeam(data);
      byId('range-label').textContent = data.range.label;
    } else {
      const data = await channel.request(Dashboard.load, { range, ...(state.client ? { client: state.client } : {}) });
      if (mine === loads) show(data);
    }
  } catch (err) {
    if (mine === loads) showError(err);
  }
}

/** Me: this machine's ledger; Team: the team database. Export stays with Me (the local records). */
function showScope(scope: DashboardScope): void {
  for (const s of ['me', 'team'] as const) byId(`scope-${s}`).setAttribute('aria-pressed', String(s === scope));
  byId('me-scope').hidden = scope !== 'me';
  byId('team-scope').hidden = scope !== 'team';
  for (const f of ['csv', 'json']) byId(`export-${f}`).hidden = scope !== 'me';
  byId('client-choice').hidden = scope !== 'me';
}

function setScope(scope: DashboardScope): void {
  state.scope = scope;
  saveState();
  showScope(scope);
  void load(state.range);
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

/** The filter's options: every client in the range, and the chosen one even when it made no calls in it. */
function showClients(d: DashboardData): void {
  const choices: ClientFilter[] = d.byClient.map(({ source, client }) => ({ source, client }));
  if (state.client && !choices.some((c) => sameClient(c, state.client))) choices.push(state.client);
  const label = (c: ClientFilter) => d.byClient.find((r) => sameClient(r, c))?.label ?? (c.client || c.source);
  replaceChildren(
    clientSelect,
    h('option', { value: '' }, 'All clients'),
    ...choices.map((c) => h('option', { value: JSON.stringify(c) }, c.client && c.source ? `${label(c)} (${c.source})` : label(c))),
  );
  clientSelect.value = state.client ? JSON.stringify({ source: state.client.source, client: state.client.client }) : '';
}

clientSelect.addEventListener('change', () => {
  state.client = clientSelect.value ? (JSON.parse(clientSelect.value) as ClientFilter) : undefined;
  state.openExecution = undefined;
  saveState();
  void load(state.range);
});
byId('scope-me').addEventListener('click', () => setScope('me'));
byId('scope-team').addEventListener('click', () => setScope('team'));
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
  showClients(d);
  replaceChildren(byId('by-client'), clientTable(d));
  replaceChildren(byId('by-model'), groupTable('By model', 'model', d.byModel, d.range.label));
  replaceChildren(byId('by-provider'), groupTable('By provider', 'provider', d.byProvider, d.range.label));
  replaceChildren(byId('executions'), executionsTable(d, openExecution));
  replaceChildren(byId('tool-servers'), toolServersTable(d));
  replaceChildren(byId('tools'), toolsTable(d));
  replaceChildren(byId('drilldown'));
  if (state.openExecution && d.executions.some((e) => e.id === state.openExecution)) void showExecution(state.openExecution);
}

// Usage was recorded: the Me scope gets its data pushed; the Team scope asks again.
channel.onNotification(Dashboard.refreshed, (d) => (state.scope === 'team' ? void load(state.range) : show(d)));

// Redraw charts when the theme changes: their colours come from the theme's CSS variables.
new MutationObserver(() => shown && charts.render(shown)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

showRange(state.range);
showScope(state.scope ?? 'me');
channel.ready();
void load(state.range);
