// Read-side SQL. Dashboard totals read the hourly rollup for whole hours and detail rows only
// for the partial hours at a range's edges, so they stay fast at a million calls.
import type { Database, SqlValue } from 'sql.js';
import { DAY_MS, utcDayKey } from './periods';
import type {
  CacheSavings, CallOrigin, CallRow, ExecutionDetail, ExecutionRow, GroupBy, QueryResults, TimeRange, ToolCallRow, ToolLatencyStats,
  ToolServerStats, TotalsRow,
} from './protocol';
import { CALL_STATUS, EXECUTION_STATUS, HOUR_MS, TOOL_STATUS, fromNano } from './store';
import { decodeUid, encodeUid } from './uid';
import { GATEWAY_EXECUTION_KIND, gatewayExecutionTitle } from './records';


export const CALL_SELECT = `
  SELECT c.uid, e.uid, p.name, p.kind, m.name, rm.name, c.start, c.duration, c.input, c.output, c.cache_read,
    c.cache_write_5m, c.cache_write_1h, c.reasoning, c.cost, c.saved, c.cache_hit, c.status, ek.name, pv.name,
    src.name, cl.name, ws.name
  FROM calls c JOIN provider p ON p.id = c.provider JOIN model m ON m.id = c.model
  LEFT JOIN model rm ON rm.id = c.response_model LEFT JOIN executions e ON e.id = c.execution
  LEFT JOIN label ek ON ek.id = c.error_kind LEFT JOIN label pv ON pv.id = c.price_version
  LEFT JOIN label src ON src.id = c.source LEFT JOIN label cl ON cl.id = c.client LEFT JOIN label ws ON ws.id = c.workspace`;

export const TOOL_SELECT = `
  SELECT t.uid, e.uid, s.name, tl.name, t.start, t.duration, t.status, t.error, t.request_bytes, t.response_bytes
  FROM tool_calls t JOIN server s ON s.id = t.server JOIN tool tl ON tl.id = t.tool
  LEFT JOIN executions e ON e.id = t.execution`;

const EXEC_COLUMNS = 'x.uid, k.name, x.title, x.start, x.end, x.status, x.calls, x.tokens, x.cost, x.unpriced, x.input, x.output, x.saved';
export const EXEC_SELECT = `SELECT ${EXEC_COLUMNS} FROM executions x LEFT JOIN label k ON k.id = x.kind`;
/** Cache hits and tool calls of one execution, through the partial indexes: only for the few rows shown. */
const EXEC_COUNTS = `(SELECT count(*) FROM calls c WHERE c.execution = x.id AND c.cache_hit = 1),
  (SELECT count(*) FROM tool_calls t WHERE t.execution = x.id)`;

const num = (v: SqlValue | undefined): number => (typeof v === 'number' ? v : 0);
const str = (v: SqlValue | undefined): string | undefined => (v == null ? undefined : String(v));

export function toCallRow(r: SqlValue[]): CallRow {
  const cw5 = num(r[11]);
  const cw1 = num(r[12]);
  return {
    id: decodeUid(r[0]), executionId: r[1] == null ? undefined : decodeUid(r[1]), provider: String(r[2]), providerKind: String(r[3]),
    model: String(r[4]), responseModel: str(r[5]) ?? String(r[4]), startedAt: num(r[6]), durationMs: num(r[7]),
    usage: {
      inputTokens: num(r[8]), outputTokens: num(r[9]), cacheReadTokens: num(r[10]), cacheWriteTokens: cw5 + cw1,
      cacheWrite5mTokens: cw5, cacheWrite1hTokens: cw1, reasoningTokens: num(r[13]),
    },
    costUsd: fromNano(r[14]), savedUsd: fromNano(r[15]), cacheHit: r[16] === 1, status: CALL_STATUS[num(r[17])] ?? 'ok',
    errorKind: str(r[18]), priceVersion: str(r[19]),
    // Attribution is absent on older rows: keys only when set, so rows read back as recorded.
    ...(r[20] == null ? {} : { source: String(r[20]) }),
    ...(r[21] == null ? {} : { client: String(r[21]) }),
    ...(r[22] == null ? {} : { workspace: String(r[22]) }),
  };
}

export function toToolRow(r: SqlValue[]): ToolCallRow {
  return {
    id: decodeUid(r[0]), executionId: r[1] == null ? undefined : decodeUid(r[1]), server: String(r[2]), tool: String(r[3]),
    startedAt: num(r[4]), durationMs: num(r[5]), status: TOOL_STATUS[num(r[6])] ?? 'ok', error: str(r[7]),
    requestBytes: num(r[8]), responseBytes: num(r[9]),
  };
}

export function toExecRow(r: SqlValue[]): ExecutionRow {
  return {
    id: decodeUid(r[0]), kind: str(r[1]) ?? '', title: str(r[2]) ?? '', startedAt: num(r[3]), endedAt: r[4] == null ? undefined : num(r[4]),
    status: EXECUTION_STATUS[num(r[5])] ?? 'running', calls: num(r[6]), tokens: num(r[7]), costUsd: fromNano(r[8]) ?? 0, unpricedCalls: num(r[9]),
    inputTokens: num(r[10]), outputTokens: num(r[11]), savedUsd: fromNano(r[12]) ?? 0, cacheHits: num(r[13]), toolCalls: num(r[14]),
  };
}

function all(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const rows: SqlValue[][] = [];
    while (stmt.step()) rows.push(stmt.get());
    return rows;
  } finally {
    stmt.free();
  }
}

/** A rollup table and the detail columns its keys are computed from. */
const BY_MODEL = { table: 'usage_hourly', keys: 'provider, model', detailKeys: 'provider, model' };
const BY_CLIENT = { table: 'usage_hourly_client', keys: 'source, client', detailKeys: 'coalesce(source, 0) AS source, coalesce(client, 0) AS client' };

/** Rollup rows for the whole hours inside the range, detail rows for the partial hours at its edges. */
function usageSource(range: TimeRange, rollup: typeof BY_MODEL = BY_MODEL): { sql: string; params: SqlValue[] } {
  const h0 = Math.ceil(range.from / HOUR_MS);
  const h1 = Math.max(h0, Math.floor(range.to / HOUR_MS));
  const edge0 = Math.min(h0 * HOUR_MS, range.to);
  const edge1 = h1 > h0 ? h1 * HOUR_MS : edge0;
  // Tokens of cache hits are not counted (nothing was sent), as in the rollup.
  const detail = `SELECT start AS t, ${rollup.detailKeys}, 1 AS calls, (1 - cache_hit) * input AS input, (1 - cache_hit) * output AS output,
      (1 - cache_hit) * cache_read AS cache_read, (1 - cache_hit) * (cache_write_5m + cache_write_1h) AS cache_write,
      (1 - cache_hit) * reasoning AS reasoning, coalesce(cost, 0) AS cost, cost IS NULL AS unpriced, coalesce(saved, 0) AS saved, cache_hit AS cache_hits, status <> 0 AS errors
    FROM calls WHERE start >= ? AND start < ?`;
  return {
    sql: `SELECT hour * ${HOUR_MS} AS t, ${rollup.keys}, calls, input, output, cache_read, cache_write, reasoning, cost, unpriced, saved, cache_hits, errors
      FROM ${rollup.table} WHERE hour >= ? AND hour < ? UNION ALL ${detail} UNION ALL ${detail}`,
    params: [h0, h1, range.from, edge0, edge1, range.to],
  };
}

const SUMS = 'sum(calls), sum(input), sum(output), sum(cache_read), sum(cache_write), sum(reasoning), sum(cost), sum(unpriced), sum(saved), sum(cache_hits), sum(errors)';

function totalsRow(key: string, label: string, r: SqlValue[], at: number): TotalsRow {
  return {
    key, label, calls: num(r[at]), inputTokens: num(r[at + 1]), outputTokens: num(r[at + 2]), cacheReadTokens: num(r[at + 3]),
    cacheWriteTokens: num(r[at + 4]), reasoningTokens: num(r[at + 5]), costUsd: fromNano(num(r[at + 6])) ?? 0, unpricedCalls: num(r[at + 7]),
    savedUsd: fromNano(num(r[at + 8])) ?? 0, cacheHits: num(r[at + 9]), errors: num(r[at + 10]),
  };
}

export function totals(db: Database, range: TimeRange, groupBy: GroupBy, tzOffsetMinutes = 0): TotalsRow[] {
  if (groupBy === 'execution') {
    const rows = all(db, `${EXEC_SELECT} WHERE x.start >= ? AND x.start < ? AND x.calls > 0 ORDER BY x.cost DESC`, [range.from, range.to]);
    return rows.map((r) => {
      const e = toExecRow(r);
      const t = totalsRow(e.id, e.title || e.id, [], 0);
      return { ...t, calls: e.calls, inputTokens: e.inputTokens, outputTokens: e.outputTokens, costUsd: e.costUsd, unpricedCalls: e.unpricedCalls, savedUsd: e.savedUsd };
    });
  }
  if (groupBy === 'client') return byClient(db, range);
  const src = usageSource(range);
  if (groupBy === 'day') {
    const tz = tzOffsetMinutes * 60_000;
    const rows = all(db, `SELECT (t + ${tz}) / ${DAY_MS} AS day, ${SUMS} FROM (${src.sql}) GROUP BY day ORDER BY day`, src.params);
    return rows.map((r) => {
      const day = utcDayKey(num(r[0]));
      return totalsRow(day, day, r, 1);
    });
  }
  if (groupBy === 'day-model') {
    const tz = tzOffsetMinutes * 60_000;
    const rows = all(
      db,
      `SELECT g.day, d.name, ${SUMS} FROM (SELECT (t + ${tz}) / ${DAY_MS} AS day, model, ${SUMS.replace(/sum\((\w+)\)/g, 'sum($1) AS $1')}
       FROM (${src.sql}) GROUP BY day, model) g JOIN model d ON d.id = g.model GROUP BY g.day, d.name ORDER BY g.day, d.name`,
      src.params,
    );
    return rows.map((r) => {
      const day = utcDayKey(num(r[0]));
      return totalsRow(`${day}\u0000${String(r[1])}`, `${day} ${String(r[1])}`, r, 2);
    });
  }
  const dict = groupBy === 'provider' ? 'provider' : 'model';
  const rows = all(
    db,
    `SELECT d.name, ${SUMS} FROM (SELECT ${dict}, ${SUMS.replace(/sum\((\w+)\)/g, 'sum($1) AS $1')} FROM (${src.sql}) GROUP BY ${dict}) g
     JOIN ${dict} d ON d.id = g.${dict} GROUP BY d.name ORDER BY sum(cost) DESC, d.name`,
    src.params,
  );
  return rows.map((r) => totalsRow(String(r[0]), String(r[0]), r, 1));
}

/**
 * Totals per (source, client), from the hourly client rollup. Keyed `source\u0000client` (either
 * may be empty: calls recorded before attribution have neither); labelled by the client's name,
 * or by the source when the call had no client.
 */
function byClient(db: Database, range: TimeRange): TotalsRow[] {
  const src = usageSource(range, BY_CLIENT);
  const rows = all(
    db,
    `SELECT s.name, c.name, ${SUMS} FROM (SELECT source, client, ${SUMS.replace(/sum\((\w+)\)/g, 'sum($1) AS $1')} FROM (${src.sql}) GROUP BY source, client) g
     LEFT JOIN label s ON s.id = g.source LEFT JOIN label c ON c.id = g.client
     GROUP BY g.source, g.client ORDER BY sum(cost) DESC, sum(calls) DESC, s.name, c.name`,
    src.params,
  );
  return rows.map((r) => {
    const source = str(r[0]);
    const client = str(r[1]);
    return { ...totalsRow(`${source ?? ''}\u0000${client ?? ''}`, client ?? source ?? '', r, 2), ...(source ? { source } : {}), ...(client ? { client } : {}) };
  });
}

export function executionDetail(db: Database, id: string): ExecutionDetail {
  const uid = encodeUid(id);
  const exec = all(db, `SELECT ${EXEC_COLUMNS}, ${EXEC_COUNTS} FROM executions x LEFT JOIN label k ON k.id = x.kind WHERE x.uid = ?`, [uid])[0];
  if (!exec) return { execution: undefined, calls: [], toolCalls: [] };
  const rowid = num(all(db, 'SELECT id FROM executions WHERE uid = ?', [uid])[0]?.[0]);
  return {
    execution: toExecRow(exec),
    calls: all(db, `${CALL_SELECT} WHERE c.execution = ? ORDER BY c.start`, [rowid]).map(toCallRow),
    toolCalls: all(db, `${TOOL_SELECT} WHERE t.execution = ? ORDER BY t.start`, [rowid]).map(toToolRow),
  };
}

/**
 * Executions of one source and client: those with a call it made (one lookup per execution in
 * range, through calls_execution), and for the gateway its MCP tool calls, titled `<client>: …`.
 */
function madeBy(by: CallOrigin | undefined): { sql: string; params: SqlValue[] } {
  if (!by) return { sql: '', params: [] };
  const label = '(SELECT id FROM label WHERE name = ?)';
  const gateway = by.source === 'gateway' && by.client ? ` OR (kind = ${label} AND substr(title, 1, ?) = ?)` : '';
  return {
    sql: ` AND (EXISTS (SELECT 1 FROM calls c WHERE c.execution = executions.id AND c.source IS ${label} AND c.client IS ${label})${gateway})`,
    params: [by.source ?? null, by.client ?? null, ...(gateway ? [GATEWAY_EXECUTION_KIND, gatewayExecutionTitle(by.client!, '').length, gatewayExecutionTitle(by.client!, '')] : [])],
  };
}

export function topExecutions(db: Database, range: TimeRange, limit: number, by?: CallOrigin): ExecutionRow[] {
  // The counts are taken after the limit, so they cost 2 index lookups per row shown, not per execution in range.
  const filter = madeBy(by);
  return all(
    db,
    `SELECT ${EXEC_COLUMNS}, ${EXEC_COUNTS} FROM (SELECT * FROM executions WHERE start >= ? AND start < ?${filter.sql} ORDER BY cost DESC, start DESC LIMIT ?) x
     LEFT JOIN label k ON k.id = x.kind ORDER BY x.cost DESC, x.start DESC`,
    [range.from, range.to, ...filter.params, limit],
  ).map(toExecRow);
}

export function cacheSavings(db: Database, range: TimeRange): CacheSavings {
  const src = usageSource(range);
  const r = all(db, `SELECT sum(calls), sum(cache_hits), sum(saved), sum(cache_read), sum(cache_write) FROM (${src.sql})`, src.params)[0] ?? [];
  return { calls: num(r[0]), cacheHits: num(r[1]), savedUsd: fromNano(num(r[2])) ?? 0, cacheReadTokens: num(r[3]), cacheWriteTokens: num(r[4]) };
}

export function toolStats(db: Database, range: TimeRange): ToolServerStats[] {
  const rows = all(
    db,
    `SELECT s.name, count(*), sum(t.status <> 0), avg(t.duration), max(t.duration)
     FROM tool_calls t JOIN server s ON s.id = t.server WHERE t.start >= ? AND t.start < ? GROUP BY s.name ORDER BY count(*) DESC`,
    [range.from, range.to],
  );
  return rows.map((r) => ({ server: String(r[0]), calls: num(r[1]), errors: num(r[2]), errorRate: num(r[1]) ? num(r[2]) / num(r[1]) : 0, avgMs: num(r[3]), maxMs: num(r[4]) }));
}

/** Nearest-rank percentile of ascending `sorted`: its ceil(p/100 · n)-th value. */
function nearestRank(sorted: Float64Array, p: number): number | null {
  return sorted.length ? sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]! : null;
}

/**
 * Calls, errors and nearest-rank p50/p95 latency per tool. Denied calls never reached the server:
 * they count as calls and errors (as in toolStats) but not in the latency. The rows are grouped
 * and sorted here rather than by SQL window functions, which took ~10× longer at 100k calls.
 */
export function toolLatency(db: Database, range: TimeRange): ToolLatencyStats[] {
  const denied = TOOL_STATUS.indexOf('denied');
  const groups = new Map<number, Map<number, { calls: number; errors: number; durations: number[] }>>();
  const stmt = db.prepare('SELECT server, tool, status, duration FROM tool_calls WHERE start >= ? AND start < ?');
  try {
    stmt.bind([range.from, range.to]);
    while (stmt.step()) {
      const [server, tool, status, duration] = stmt.get().map(num) as [number, number, number, number];
      let byTool = groups.get(server);
      if (!byTool) groups.set(server, (byTool = new Map()));
      let g = byTool.get(tool);
      if (!g) byTool.set(tool, (g = { calls: 0, errors: 0, durations: [] }));
      g.calls++;
      if (status !== 0) g.errors++;
      if (status !== denied) g.durations.push(duration);
    }
  } finally {
    stmt.free();
  }
  const names = (table: 'server' | 'tool') => new Map(all(db, `SELECT id, name FROM ${table}`).map((r) => [num(r[0]), String(r[1])]));
  const servers = names('server');
  const tools = names('tool');
  const rows: ToolLatencyStats[] = [];
  for (const [server, byTool] of groups) {
    for (const [tool, g] of byTool) {
      const sorted = Float64Array.from(g.durations).sort();
      rows.push({
        server: servers.get(server) ?? '', tool: tools.get(tool) ?? '', calls: g.calls, errors: g.errors,
        p50Ms: nearestRank(sorted, 50), p95Ms: nearestRank(sorted, 95),
      });
    }
  }
  return rows.sort((a, b) => b.calls - a.calls || a.server.localeCompare(b.server) || a.tool.localeCompare(b.tool));
}

/** A range scan of calls by start (their key); the label join picks one workspace's rows. */
export function spend(db: Database, range: TimeRange, workspace?: string): QueryResults['spend'] {
  const where = workspace === undefined ? '' : ' AND c.workspace = (SELECT id FROM label WHERE name = ?)';
  const params: SqlValue[] = workspace === undefined ? [range.from, range.to] : [range.from, range.to, workspace];
  const r = all(db, `SELECT coalesce(sum(c.cost), 0) FROM calls c WHERE c.start >= ? AND c.start < ?${where}`, params)[0];
  return { costUsd: fromNano(num(r?.[0])) ?? 0 };
}

export function counts(db: Database): QueryResults['counts'] {
  const one = (sql: string) => num(all(db, sql)[0]?.[0]);
  return {
    calls: one('SELECT count(*) FROM calls'), toolCalls: one('SELECT count(*) FROM tool_calls'),
    executions: one('SELECT count(*) FROM executions'), hourlyRollups: one('SELECT count(*) FROM usage_hourly'),
  };
}


export { all as allRows };
