// MCP connection overhead in the ledger: per server, its last cold connect (the phases) and its
// most recent warm calls (their own times, to the microsecond), so the figures survive reloads
// and reach every window. Records arrive as journal lines of kind `m`; replaying one is a no-op.
import type { Database } from 'sql.js';
import { newId } from '../ids';
import { median } from '../mcp/connectTiming';
import type { McpTiming } from '../mcp/connectTiming';
import type { McpServerTimings } from './protocol';
import { encodeUid } from './uid';

export interface McpTimingRecord {
  /** Unique id; replaying the same id twice is a no-op. */
  id: string;
  server: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** `connect`: a cold connect and its phases; `call`: a call on a session already open. */
  event: 'connect' | 'call';
  durationMs: number;
  transport?: string;
  phases?: { name: string; ms: number }[];
}

/** Where the pool's timings go (the ledger implements it). */
export interface McpTimingSink {
  recordMcpTiming(record: McpTimingRecord): void;
}

/** Warm calls kept per server; older ones are dropped as new ones arrive. */
export const WARM_KEPT = 100;

/** Schema migration 4: the last cold connect per server, and its recent warm calls. */
export const MCP_TIMINGS_MIGRATION = `
  CREATE TABLE mcp_connects(
    server INTEGER PRIMARY KEY, start INTEGER NOT NULL, uid NOT NULL, transport TEXT,
    total_us INTEGER NOT NULL, phases TEXT NOT NULL);
  CREATE TABLE mcp_warm_calls(
    server INTEGER NOT NULL, start INTEGER NOT NULL, uid NOT NULL, duration_us INTEGER NOT NULL,
    PRIMARY KEY(server, start, uid)) WITHOUT ROWID;
  `;

/** The ledger's record of one timing the pool reported. */
export function timingRecord(t: McpTiming): McpTimingRecord {
  const common = { id: newId(t.startedAt), server: t.server, startedAt: t.startedAt };
  if (t.kind === 'call') return { ...common, event: 'call', durationMs: t.durationMs };
  return { ...common, event: 'connect', durationMs: t.totalMs, transport: t.transport, phases: t.phases.map((p) => ({ name: p.name, ms: p.ms })) };
}

const us = (ms: unknown): number => (typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.round(ms * 1000) : 0);

/** Stores one record; `serverId` is the server's dictionary id. Returns 1 if it changed the database. */
export function insertMcpTiming(db: Database, serverId: number, r: McpTimingRecord): number {
  const start = Math.round(r.startedAt);
  if (r.event === 'connect') {
    const phases = JSON.stringify((r.phases ?? []).map((p) => [String(p.name), us(p.ms)]));
    // The newest connect wins, whichever order the windows' journals are read in.
    db.run(
      `INSERT INTO mcp_connects VALUES(?,?,?,?,?,?) ON CONFLICT(server) DO UPDATE SET
         start = excluded.start, uid = excluded.uid, transport = excluded.transport, total_us = excluded.total_us, phases = excluded.phases
       WHERE excluded.start > start OR (excluded.start = start AND excluded.uid > uid)`,
      [serverId, start, encodeUid(r.id), r.transport ?? null, us(r.durationMs), phases],
    );
    return db.getRowsModified() > 0 ? 1 : 0;
  }
  db.run('INSERT OR IGNORE INTO mcp_warm_calls VALUES(?,?,?,?)', [serverId, start, encodeUid(r.id), us(r.durationMs)]);
  if (db.getRowsModified() === 0) return 0;
  db.run(
    `DELETE FROM mcp_warm_calls WHERE server = ?1 AND start < (
       SELECT start FROM mcp_warm_calls WHERE server = ?1 ORDER BY start DESC LIMIT 1 OFFSET ${WARM_KEPT - 1})`,
    [serverId],
  );
  return 1;
}

/** Every server with a stored connect or warm call, by name. */
export function mcpTimings(db: Database): McpServerTimings[] {
  const byServer = new Map<string, McpServerTimings>();
  const get = (server: string) => {
    let t = byServer.get(server);
    if (!t) byServer.set(server, (t = { server, warmCalls: 0, medianWarmMs: null }));
    return t;
  };
  for (const [server, start, transport, total, phases] of db.exec(
    'SELECT s.name, c.start, c.transport, c.total_us, c.phases FROM mcp_connects c JOIN server s ON s.id = c.server',
  )[0]?.values ?? []) {
    const parsed = JSON.parse(String(phases)) as [string, number][];
    get(String(server)).lastConnect = {
      startedAt: Number(start), transport: String(transport ?? ''), totalMs: Number(total) / 1000,
      phases: parsed.map(([name, ms]) => ({ name, ms: ms / 1000 })),
    };
  }
  const warm = new Map<string, number[]>();
  for (const [server, duration] of db.exec(
    'SELECT s.name, w.duration_us FROM mcp_warm_calls w JOIN server s ON s.id = w.server',
  )[0]?.values ?? []) {
    let list = warm.get(String(server));
    if (!list) warm.set(String(server), (list = []));
    list.push(Number(duration) / 1000);
  }
  for (const [server, list] of warm) Object.assign(get(server), { warmCalls: list.length, medianWarmMs: median(list) });
  return [...byServer.values()].sort((a, b) => a.server.localeCompare(b.server));
}
