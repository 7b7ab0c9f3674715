// The dashboard's Team scope from the team database's queries (answered by the team worker
// from the daily rollup), mapped field by field into the page's own types.
import type { GroupRow, RangeChoice, TeamDashboardData } from '../../../media/protocol';
import type { TeamScope } from '../../core/team/queries';
import { rangeFor } from '../../core/usage/periods';
import type { TimeRange, TotalsRow } from '../../core/usage/protocol';

export interface TeamScopeSource {
  /** `host:port/database`, or undefined when the team ledger is off. */
  readonly label: string | undefined;
  scope(range: TimeRange): Promise<TeamScope>;
}

function groupRow(r: TotalsRow): GroupRow {
  const { key, label, calls, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, costUsd, unpricedCalls, savedUsd, cacheHits, errors } = r;
  return { key, label, calls, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, costUsd, unpricedCalls, savedUsd, cacheHits, errors };
}

function totals(rows: readonly GroupRow[]): TeamDashboardData['totals'] {
  const t = { calls: 0, errors: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, unpricedCalls: 0, savedUsd: 0 };
  for (const r of rows) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
  return t;
}

export async function teamDashboardData(source: TeamScopeSource, choice: RangeChoice, now = Date.now()): Promise<TeamDashboardData> {
  const r = rangeFor(choice, now);
  const scope = await source.scope({ from: r.from, to: r.to });
  const byMember = scope.byMember.map(groupRow);
  return {
    range: { choice, label: `${r.label} (UTC days)`, from: r.from, to: r.to },
    source: source.label ?? '',
    totals: totals(byMember),
    byMember,
    byProject: scope.byProject.map(groupRow),
    byModel: scope.byModel.map(groupRow),
    byDay: scope.byDay.map(groupRow),
    topExecutions: scope.topExecutions.map((e) => ({
      id: e.id, member: e.member, project: e.project, kind: e.kind, status: e.status, startedAt: e.startedAt, calls: e.calls,
      tokens: e.inputTokens + e.outputTokens, costUsd: e.costUsd, unpricedCalls: e.unpricedCalls, savedUsd: e.savedUsd,
    })),
    savings: scope.savings.map(({ member, calls, cacheHits, savedUsd }) => ({ member, calls, cacheHits, savedUsd })),
  };
}
