// One batch of local ledger rows as one INSERT: each column is an array parameter and the rows
// come from unnest(), so a batch of thousands is one statement and one round trip. The primary
// key (the record id) makes replays no-ops: ON CONFLICT DO NOTHING for immutable calls and tool
// calls; executions take their later end/status/kind, never going back from finished to running.
import type { ClientBase } from 'pg';
import type { CallRow, ExecutionRow, ToolCallRow } from '../usage/protocol';
import { SCHEMA } from './schema';

/** Who shipped a row: names a person, a project and a machine; no secrets. */
export interface TeamIdentity {
  member: string;
  project: string;
  machine: string;
}

const HEX24 = /^[0-9a-f]{24}$/;
/** Switchboard's ids as their 12 raw bytes; foreign id formats as their UTF-8 bytes. */
export function uidBytes(id: string): Buffer {
  return HEX24.test(id) ? Buffer.from(id, 'hex') : Buffer.from(id, 'utf8');
}

const nano = (usd: number | null): number | null => (usd == null ? null : Math.round(usd * 1e9));
const iso = (ms: number): string => new Date(ms).toISOString();

type Column = [name: string, type: string, values: unknown[]];

async function insertColumns(client: ClientBase, table: string, cols: Column[], conflict: string): Promise<number> {
  const names = cols.map((c) => c[0]).join(', ');
  const arrays = cols.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ');
  const r = await client.query(`INSERT INTO ${SCHEMA}.${table} (${names}) SELECT * FROM unnest(${arrays}) ${conflict}`, cols.map((c) => c[2]));
  return r.rowCount ?? 0;
}

const identityColumns = (who: TeamIdentity, n: number): Column[] => [
  ['member', 'text', Array<string>(n).fill(who.member)],
  ['project', 'text', Array<string>(n).fill(who.project)],
  ['machine', 'text', Array<string>(n).fill(who.machine)],
];

/** A column builder over `rows`: each column is one typed array, built from the row by `f`. */
function columnsOf<R>(rows: readonly R[]) {
  return <T>(name: string, type: string, f: (r: R) => T): Column => [name, type, rows.map(f)];
}

/** The columns every team table starts with: the record id, its start, and who recorded it. */
function keyColumns<R extends { id: string; startedAt: number }>(rows: readonly R[], who: TeamIdentity): Column[] {
  const col = columnsOf(rows);
  return [col('uid', 'bytea', (r) => uidBytes(r.id)), col('started_at', 'timestamptz', (r) => iso(r.startedAt)), ...identityColumns(who, rows.length)];
}

const int4 = (n: number) => Math.min(2 ** 31 - 1, n);
const executionOf = (r: { executionId?: string }) => (r.executionId ? uidBytes(r.executionId) : null);

/** Inserts calls; returns how many were new. */
export function insertCalls(client: ClientBase, who: TeamIdentity, rows: readonly CallRow[]): Promise<number> {
  if (!rows.length) return Promise.resolve(0);
  const col = columnsOf(rows);
  return insertColumns(client, 'calls', [
    ...keyColumns(rows, who),
    col('execution', 'bytea', executionOf),
    col('provider', 'text', (r) => r.provider),
    col('provider_kind', 'text', (r) => r.providerKind),
    col('model', 'text', (r) => r.model),
    col('response_model', 'text', (r) => (r.responseModel && r.responseModel !== r.model ? r.responseModel : null)),
    col('duration_ms', 'int4', (r) => int4(r.durationMs)),
    col('input', 'int8', (r) => r.usage.inputTokens),
    col('output', 'int8', (r) => r.usage.outputTokens),
    col('cache_read', 'int8', (r) => r.usage.cacheReadTokens),
    col('cache_write', 'int8', (r) => r.usage.cacheWriteTokens),
    col('reasoning', 'int8', (r) => r.usage.reasoningTokens),
    col('cost_nano', 'int8', (r) => nano(r.costUsd)),
    col('saved_nano', 'int8', (r) => nano(r.savedUsd)),
    col('cache_hit', 'bool', (r) => r.cacheHit),
    col('status', 'text', (r) => r.status),
    col('error_kind', 'text', (r) => r.errorKind ?? null),
    col('source', 'text', (r) => r.source ?? null),
    col('client', 'text', (r) => r.client ?? null),
    col('workspace', 'text', (r) => r.workspace ?? null),
  ], 'ON CONFLICT (uid) DO NOTHING');
}

/** Inserts tool calls: names, times, sizes and status only (no arguments, no error text). */
export function insertToolCalls(client: ClientBase, who: TeamIdentity, rows: readonly ToolCallRow[]): Promise<number> {
  if (!rows.length) return Promise.resolve(0);
  const col = columnsOf(rows);
  return insertColumns(client, 'tool_calls', [
    ...keyColumns(rows, who),
    col('execution', 'bytea', executionOf),
    col('server', 'text', (r) => r.server),
    col('tool', 'text', (r) => r.tool),
    col('duration_ms', 'int4', (r) => int4(r.durationMs)),
    col('status', 'text', (r) => r.status),
    col('request_bytes', 'int8', (r) => r.requestBytes),
    col('response_bytes', 'int8', (r) => r.responseBytes),
  ], 'ON CONFLICT (uid) DO NOTHING');
}

/** Upserts executions without their titles (a title is the start of a prompt). */
export function upsertExecutions(client: ClientBase, who: TeamIdentity, rows: readonly ExecutionRow[]): Promise<number> {
  if (!rows.length) return Promise.resolve(0);
  const col = columnsOf(rows);
  return insertColumns(client, 'executions', [
    ...keyColumns(rows, who),
    col('ended_at', 'timestamptz', (r) => (r.endedAt === undefined ? null : iso(r.endedAt))),
    col('kind', 'text', (r) => r.kind || null),
    col('status', 'text', (r) => r.status),
  ], `ON CONFLICT (uid) DO UPDATE SET kind = coalesce(excluded.kind, executions.kind), started_at = excluded.started_at,
      ended_at = coalesce(excluded.ended_at, executions.ended_at),
      status = CASE WHEN excluded.status = 'running' THEN executions.status ELSE excluded.status END`);
}
