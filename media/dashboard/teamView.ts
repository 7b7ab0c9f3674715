// The dashboard's Team scope: the team database's cost and tokens by member, project, model
// and day, its costliest executions and each member's cache savings. Text cells only.
import type { TeamDashboardData } from '../protocol';
import { byId, count, h, replaceChildren, usd } from '../dom';
import { costCell, groupTable, kpi, num, table } from './tables';

function executions(d: TeamDashboardData): HTMLElement {
  return table(
    'Costliest executions across the team (titles stay on each machine)',
    ['started', 'member', 'project', 'kind', 'status', 'LLM calls', 'tokens', 'cost'],
    d.topExecutions.map((e) =>
      h('tr', {}, h('td', {}, new Date(e.startedAt).toLocaleString()), h('td', {}, e.member), h('td', {}, e.project), h('td', {}, e.kind || '—'),
        h('td', {}, e.status), num(count(e.calls)), num(count(e.tokens)), num(costCell(e))),
    ),
    `No executions in this period (${d.range.label}).`,
  );
}

function savings(d: TeamDashboardData): HTMLElement {
  return table(
    'Cache savings per member',
    ['member', 'calls', 'cache hits', 'hit rate', 'saved'],
    d.savings.map((s) =>
      h('tr', {}, h('td', {}, s.member), num(count(s.calls)), num(count(s.cacheHits)), num(s.calls ? `${((s.cacheHits / s.calls) * 100).toFixed(1)} %` : '—'), num(usd(s.savedUsd))),
    ),
    `No calls in this period (${d.range.label}).`,
  );
}

export function showTeam(d: TeamDashboardData): void {
  const t = d.totals;
  byId('team-source').textContent = `From the team ledger ${d.source} · ${d.byMember.length} member${d.byMember.length === 1 ? '' : 's'} · ${d.range.label}`;
  replaceChildren(
    byId('team-kpis'),
    kpi('team cost', costCell(t)),
    kpi('LLM calls', count(t.calls)),
    kpi('cache hit rate', t.calls ? `${((t.cacheHits / t.calls) * 100).toFixed(1)} %` : '—'),
    kpi('saved by the cache', usd(t.savedUsd)),
    kpi('tokens in / out', `${count(t.inputTokens)} / ${count(t.outputTokens)}`),
  );
  replaceChildren(byId('team-by-member'), groupTable('By member', 'member', d.byMember, d.range.label));
  replaceChildren(byId('team-by-project'), groupTable('By project', 'project', d.byProject, d.range.label));
  replaceChildren(byId('team-by-model'), groupTable('By model', 'model', d.byModel, d.range.label));
  replaceChildren(byId('team-savings'), savings(d));
  replaceChildren(byId('team-executions'), executions(d));
  replaceChildren(byId('team-by-day'), groupTable('Per day (UTC)', 'day', d.byDay, d.range.label));
}
