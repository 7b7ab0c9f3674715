// The ledger read as an outbox: rows in (start, uid) order after a cursor, and per-day signatures
// that let a shipper find days that changed behind its cursor (late records from other windows,
// long calls recorded at their end, executions that finished) without keeping per-row state.
import type { Database, SqlValue } from 'sql.js';
import { DAY_MS } from './periods';
import type { DaySignature, OutboxCursor, OutboxKind, QueryResults } from './protocol';
import { CALL_SELECT, EXEC_SELECT, TOOL_SELECT, allRows as all, toCallRow, toExecRow, toToolRow } from './queries';
import { encodeUid } from './uid';
const SOURCES = {
  calls: { select: CALL_SELECT, table: 'calls', alias: 'c' },
  toolCalls: { select: TOOL_SELECT, table: 'tool_calls', alias: 't' },
  executions: { select: EXEC_SELECT, table: 'executions', alias: 'x' },
} as const;

/** `(start, uid) > cursor` (or `<=` with `not`), with the uid encoded as the store keeps it. */
function past(alias: string, cursor: OutboxCursor, not = false): { sql: string; params: SqlValue[] } {
  const a = alias ? `${alias}.` : '';
  const uid = encodeUid(cursor.id);
  const sql = `(${a}start > ? OR (${a}start = ? AND ${a}uid > ?))`;
  return { sql: not ? `NOT ${sql}` : sql, params: [cursor.start, cursor.start, uid] };
}

export function outboxRows(db: Database, kind: OutboxKind, after: OutboxCursor | undefined, limit: number, until?: number): QueryResults['outbox'] {
  const src = SOURCES[kind];
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (after) {
    const p = past(src.alias, after);
    where.push(p.sql);
    params.push(...p.params);
  }
  if (until !== undefined) {
    where.push(`${src.alias}.start < ?`);
    params.push(until);
  }
  const sql = `${src.select} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${src.alias}.start, ${src.alias}.uid LIMIT ?`;
  const rows = all(db, sql, [...params, limit]);
  return (kind === 'calls' ? rows.map(toCallRow) : kind === 'toolCalls' ? rows.map(toToolRow) : rows.map(toExecRow));
}

export function outboxDays(db: Database, kind: OutboxKind, upTo: OutboxCursor): DaySignature[] {
  const src = SOURCES[kind];
  const bound = past('', upTo, true);
  const extra = kind === 'executions' ? "sum(status <> 0) || ':' || count(kind)" : "''";
  const rows = all(db, `SELECT start / ${DAY_MS} AS day, count(*), ${extra} FROM ${src.table} WHERE ${bound.sql} GROUP BY day ORDER BY day`, bound.params);
  return rows.map((r) => ({ day: Number(r[0]), rows: Number(r[1]), sig: `${Number(r[1])}${r[2] ? `:${String(r[2])}` : ''}` }));
}
