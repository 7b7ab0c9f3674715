// Team views over the shared database. Totals read the daily rollup (kept by the insert trigger),
// so a month of a whole team is a few thousand rollup rows whatever the number of calls; ranges
// are whole UTC days. Top executions read the execution totals the same trigger keeps.
import type { ClientBase, Pool } from 'pg';
import { DAY_MS, utcDayKey } from '../usage/periods';
import type { TimeRange, TotalsRow } from '../usage/protocol';
import { SCHEMA } from './schema';

type Queryable = Pick<ClientBase | Pool, 'query'>;

export type TeamGroupBy = 'member' | 'project' | 'model' | 'day';

export interface TeamExecution {
  id: string;
  member: string;
  project: string;
  kind: string;
  status: string;
  startedAt: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpricedCalls: number;
  savedUsd: number;
}

export interface MemberSavings {
  member: string;
  calls: number;
  cacheHits: number;
  savedUsd: number;
}

export interface TeamScope {
  byMember: TotalsRow[];
  byProject: TotalsRow[];
  byModel: TotalsRow[];
  byDay: TotalsRow[];
  topExecutions: TeamExecution[];
  savings: MemberSavings[];
}

const SUMS = `sum(calls) AS calls, sum(input) AS input, sum(output) AS output, sum(cache_read) AS cache_read,
  sum(cache_write) AS cache_write, sum(reasoning) AS reasoning, sum(cost_nano) AS cost, sum(unpriced) AS unpriced,
  sum(saved_nano) AS saved, sum(cache_hits) AS hits, sum(errors) AS errors`;

const GROUP_EXPR: Record<TeamGroupBy, string> = { member: 'member', project: 'project', model: 'model', day: "to_char(day, 'YYYY-MM-DD')" };

const n = (v: unknown): number => (v == null ? 0 : Number(v));

/** The UTC days a range covers, as dates for the rollup's `day` column: [from, to). */
export function dayBounds(range: TimeRange): [string, string] {
  const d = (ms: number) => utcDayKey(Math.floor(ms / DAY_MS));
  return [d(range.from), d(range.to + DAY_MS - 1)];
}

export function toTotalsRow(r: Record<string, unknown>): TotalsRow {
  const key = String(r.key);
  return {
    key, label: key, calls: n(r.calls), inputTokens: n(r.input), outputTokens: n(r.output), cacheReadTokens: n(r.cache_read),
    cacheWriteTokens: n(r.cache_write), reasoningTokens: n(r.reasoning), costUsd: n(r.cost) / 1e9, unpricedCalls: n(r.unpriced),
    savedUsd: n(r.saved) / 1e9, cacheHits: n(r.hits), errors: n(r.errors),
  };
}

/** Cost and tokens by member, project, model or day; `where` narrows to one member or project. */
export async function teamTotals(db: Queryable, range: TimeRange, groupBy: TeamGroupBy, where: { member?: string; project?: string } = {}): Promise<TotalsRow[]> {
  const [from, to] = dayBounds(range);
  const params: unknown[] = [from, to];
  let filter = '';
  if (where.member !== undefined) filter += ` AND member = $${params.push(where.member)}`;
  if (where.project !== undefined) filter += ` AND project = $${params.push(where.project)}`;
  const order = groupBy === 'day' ? 'key' : 'sum(cost_nano) DESC, key';
  const r = await db.query(
    `SELECT ${GROUP_EXPR[groupBy]} AS key, ${SUMS} FROM ${SCHEMA}.usage_daily WHERE day >= $1 AND day < $2${filter} GROUP BY 1 ORDER BY ${order}`,
    params,
  );
  return r.rows.map(toTotalsRow);
}

/** The costliest executions across the team that started in the range. */
export async function teamTopExecutions(db: Queryable, range: TimeRange, limit: number): Promise<TeamExecution[]> {
  const r = await db.query(
    `SELECT encode(uid, 'hex') AS id, member, project, coalesce(kind, '') AS kind, status, started_at, calls, input, output, cost_nano, unpriced, saved_nano
     FROM ${SCHEMA}.executions WHERE started_at >= $1 AND started_at < $2 ORDER BY cost_nano DESC, uid LIMIT $3`,
    [new Date(range.from), new Date(range.to), limit],
  );
  return r.rows.map((x: Record<string, unknown>) => ({
    id: String(x.id), member: String(x.member), project: String(x.project), kind: String(x.kind), status: String(x.status),
    startedAt: (x.started_at as Date).getTime(), calls: n(x.calls), inputTokens: n(x.input), outputTokens: n(x.output),
    costUsd: n(x.cost_nano) / 1e9, unpricedCalls: n(x.unpriced), savedUsd: n(x.saved_nano) / 1e9,
  }));
}

export async function teamSavings(db: Queryable, range: TimeRange): Promise<MemberSavings[]> {
  const [from, to] = dayBounds(range);
  const r = await db.query(
    `SELECT member, sum(calls) AS calls, sum(cache_hits) AS hits, sum(saved_nano) AS saved FROM ${SCHEMA}.usage_daily
     WHERE day >= $1 AND day < $2 GROUP BY member ORDER BY sum(saved_nano) DESC, member`,
    [from, to],
  );
  return r.rows.map((x: Record<string, unknown>) => ({ member: String(x.member), calls: n(x.calls), cacheHits: n(x.hits), savedUsd: n(x.saved) / 1e9 }));
}

/** Everything the dashboard's Team scope shows (one after another: a pg Client runs one query at a time). */
export async function teamScope(db: Queryable, range: TimeRange, topLimit = 20): Promise<TeamScope> {
  return {
    byMember: await teamTotals(db, range, 'member'), byProject: await teamTotals(db, range, 'project'),
    byModel: await teamTotals(db, range, 'model'), byDay: await teamTotals(db, range, 'day'),
    topExecutions: await teamTopExecutions(db, range, topLimit), savings: await teamSavings(db, range),
  };
}

/** The UTC calendar month containing `now`, as a range (team budgets are monthly). */
export function monthOf(now: number): TimeRange {
  const d = new Date(now);
  return { from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** This month's team spend for one member and one project, for team budgets (every machine counts). */
export async function teamMonthSpend(db: Queryable, now: number, who: { member: string; project: string }): Promise<{ memberUsd: number; projectUsd: number }> {
  const [from, to] = dayBounds(monthOf(now));
  const r = await db.query(
    `SELECT coalesce(sum(cost_nano) FILTER (WHERE member = $3), 0) AS m, coalesce(sum(cost_nano) FILTER (WHERE project = $4), 0) AS p
     FROM ${SCHEMA}.usage_daily WHERE day >= $1 AND day < $2 AND (member = $3 OR project = $4)`,
    [from, to, who.member, who.project],
  );
  return { memberUsd: n(r.rows[0]?.m) / 1e9, projectUsd: n(r.rows[0]?.p) / 1e9 };
}
