// Writes records into the schema: dictionary ids, idempotent inserts keyed by (start, uid),
// and the hourly rollup and per-execution totals kept current. Runs in the ledger worker.
import type { Database, SqlValue, Statement } from 'sql.js';
import { errorMessage } from '../errorMessage';
import type { JournalEntry } from './journalFormat';
import { insertMcpTiming } from './mcpTimings';
import { priceByModel } from './pricedModel';
import type { Pricing } from './pricing';
import type { CallRecord, CallStatus, ExecutionRecord, ExecutionStatus, ToolCallRecord, ToolCallStatus } from './records';
import { inTransaction, insertSql, named } from './sql';
import { encodeUid } from './uid';
import type { Row } from './sql';

export const HOUR_MS = 3_600_000;
export const CALL_STATUS: readonly CallStatus[] = ['ok', 'error', 'cancelled'];
export const TOOL_STATUS: readonly ToolCallStatus[] = ['ok', 'error', 'timeout', 'cancelled', 'denied'];
export const EXECUTION_STATUS: readonly ExecutionStatus[] = ['running', 'ok', 'error', 'cancelled'];
const MAX_ERROR_CHARS = 500;

const CALL_COLUMNS = [
  'start', 'uid', 'execution', 'provider', 'model', 'response_model', 'duration', 'input', 'output', 'cache_read',
  'cache_write_5m', 'cache_write_1h', 'reasoning', 'cost', 'saved', 'cache_hit', 'status', 'error_kind', 'price_version',
  'source', 'client', 'workspace',
] as const;
const TOOL_COLUMNS = ['start', 'uid', 'execution', 'server', 'tool', 'duration', 'status', 'error', 'request_bytes', 'response_bytes'] as const;
const ROLLUP_SUMS = ['calls', 'input', 'output', 'cache_read', 'cache_write', 'reasoning', 'cost', 'unpriced', 'saved', 'cache_hits', 'errors'] as const;
export const HOURLY_COLUMNS = ['hour', 'provider', 'model', ...ROLLUP_SUMS] as const;
/** By where calls came from; 0 = no source or client recorded. */
export const HOURLY_CLIENT_COLUMNS = ['hour', 'source', 'client', ...ROLLUP_SUMS] as const;
const INSERT_CALL = insertSql('calls', CALL_COLUMNS, { or: 'IGNORE' });
const INSERT_TOOL = insertSql('tool_calls', TOOL_COLUMNS, { or: 'IGNORE' });
const addRollup = (table: string, columns: readonly string[]) =>
  insertSql(table, columns, {
    tail: `ON CONFLICT(${columns.slice(0, 3).join(', ')}) DO UPDATE SET ${ROLLUP_SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  });
const ADD_HOURLY = addRollup('usage_hourly', HOURLY_COLUMNS);
const ADD_HOURLY_CLIENT = addRollup('usage_hourly_client', HOURLY_CLIENT_COLUMNS);

/** USD ↔ integer nano-USD, the on-disk money unit. */
export const toNano = (usd: number | null | undefined): number | null => (usd == null ? null : Math.round(usd * 1e9));
export const fromNano = (n: unknown): number | null => (typeof n === 'number' ? n / 1e9 : null);


interface Totals {
  calls: number; input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number;
  cost: number; unpriced: number; saved: number; hits: number; errors: number;
}
/** One batch's additions to the rollups, keyed `hour|provider|model` and `hour|source|client`. */
interface Hourly {
  byModel: Map<string, Totals>;
  byClient: Map<string, Totals>;
}
const emptyTotals = (): Totals => ({ calls: 0, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, cost: 0, unpriced: 0, saved: 0, hits: 0, errors: 0 });

const clampInt = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

export class LedgerStore {
  private readonly dicts = new Map<string, Map<string, number>>();
  private readonly execIds = new Map<string, number>();
  private readonly stmts: Record<string, Statement> = {};

  constructor(
    readonly db: Database,
    private pricing: Pricing,
  ) {}

  setPricing(pricing: Pricing): void {
    this.pricing = pricing;
  }

  /** Applies entries in one transaction; returns how many changed the database (replays are no-ops). */
  apply(entries: readonly JournalEntry[]): number {
    if (!entries.length) return 0;
    const hourly: Hourly = { byModel: new Map(), byClient: new Map() };
    const perExec = new Map<number, Totals>();
    let added = 0;
    inTransaction(this.db, () => {
      for (const e of entries) {
        if (e.k === 'c') added += this.insertCall(e.r, hourly, perExec);
        else if (e.k === 't') added += this.insertTool(e.r);
        else if (e.k === 'e') added += this.upsertExecution(e.r);
        else added += insertMcpTiming(this.db, this.dictId('server', e.r.server), e.r);
      }
      this.flushTotals(hourly, perExec);
    });
    return added;
  }

  /**
   * Applies `entries` as one batch; if that fails, one by one, so a malformed record cannot
   * poison the batch (or, replayed, every start): it is skipped and reported through `warn`.
   * Returns how many were applied (`ok`) and how many changed the database (`added`).
   */
  applyTolerant(entries: readonly JournalEntry[], warn: (message: string) => void): { ok: number; added: number } {
    try {
      return { ok: entries.length, added: this.apply(entries) };
    } catch {
      let ok = 0;
      let added = 0;
      for (const e of entries) {
        try {
          added += this.apply([e]);
          ok++;
        } catch (err) {
          warn(`usage ledger skipped a malformed record ${String(e.r.id)}: ${errorMessage(err)}`);
        }
      }
      return { ok, added };
    }
  }

  private insertCall(r: CallRecord, hourly: Hourly, perExec: Map<number, Totals>): number {
    const u = r.usage ?? {};
    const start = clampInt(r.startedAt);
    const provider = this.dictId('provider', r.provider, r.providerKind ?? r.provider);
    const model = this.dictId('model', r.model);
    const execution = r.executionId ? this.executionId(r.executionId, start) : null;
    const status = Math.max(0, CALL_STATUS.indexOf(r.status));
    // A cache hit sent nothing upstream: it costs $0 (its original price is `saved`).
    const price = r.cacheHit ? { usd: 0, version: undefined } : priceByModel(r, (model) => this.pricing.price(r.providerKind ?? r.provider, model, normalizedUsage(u), start));
    const cost = toNano(price.usd);
    const saved = r.cacheHit ? toNano(r.savedUsd) : null;
    const cw1h = clampInt(u.cacheWrite1hTokens);
    const cw = Math.max(clampInt(u.cacheWriteTokens), clampInt(u.cacheWrite5mTokens) + cw1h);
    const row: Row<(typeof CALL_COLUMNS)[number]> = {
      start, uid: encodeUid(r.id), execution, provider, model,
      response_model: r.responseModel && r.responseModel !== r.model ? this.dictId('model', r.responseModel) : null,
      duration: clampInt(r.durationMs), input: clampInt(u.inputTokens), output: clampInt(u.outputTokens), cache_read: clampInt(u.cacheReadTokens),
      cache_write_5m: cw - cw1h, cache_write_1h: cw1h, reasoning: clampInt(u.reasoningTokens), cost, saved, cache_hit: r.cacheHit ? 1 : 0, status,
      error_kind: this.labelOf(r.errorKind), price_version: price.version ? this.dictId('label', price.version) : null,
      source: this.labelOf(r.source), client: this.labelOf(r.client), workspace: this.labelOf(r.workspace),
    };
    const hour = Math.floor(start / HOUR_MS);
    this.run('insertCall', INSERT_CALL, named(row));
    if (this.db.getRowsModified() === 0) return 0;
    const add = (t: Totals) => {
      t.calls++;
      // Totals count the tokens providers were sent; a hit's usage stays on its row only.
      if (!r.cacheHit) {
        t.input += clampInt(u.inputTokens); t.output += clampInt(u.outputTokens);
        t.cacheRead += clampInt(u.cacheReadTokens); t.cacheWrite += cw; t.reasoning += clampInt(u.reasoningTokens);
      }
      if (cost === null) t.unpriced++; else t.cost += cost;
      t.saved += saved ?? 0; t.hits += r.cacheHit ? 1 : 0; t.errors += status ? 1 : 0;
    };
    add(getOr(hourly.byModel, `${hour}|${provider}|${model}`, emptyTotals));
    add(getOr(hourly.byClient, `${hour}|${row.source ?? 0}|${row.client ?? 0}`, emptyTotals));
    if (execution !== null) add(getOr(perExec, execution, emptyTotals));
    return 1;
  }

  private insertTool(r: ToolCallRecord): number {
    const start = clampInt(r.startedAt);
    const row: Row<(typeof TOOL_COLUMNS)[number]> = {
      start, uid: encodeUid(r.id), execution: r.executionId ? this.executionId(r.executionId, start) : null,
      server: this.dictId('server', r.server), tool: this.dictId('tool', r.tool), duration: clampInt(r.durationMs),
      status: Math.max(0, TOOL_STATUS.indexOf(r.status)), error: r.error ? String(r.error).slice(0, MAX_ERROR_CHARS) : null,
      request_bytes: clampInt(r.requestBytes), response_bytes: clampInt(r.responseBytes),
    };
    this.run('insertTool', INSERT_TOOL, named(row));
    return this.db.getRowsModified() > 0 ? 1 : 0;
  }

  private upsertExecution(r: ExecutionRecord): number {
    const status = Math.max(0, EXECUTION_STATUS.indexOf(r.status));
    // A replayed 'running' never demotes an execution that already finished.
    this.run(
      'upsertExec',
      `INSERT INTO executions(uid, kind, title, start, end, status) VALUES(?,?,?,?,?,?)
       ON CONFLICT(uid) DO UPDATE SET kind = excluded.kind, title = excluded.title, start = excluded.start,
         end = coalesce(excluded.end, end),
         status = CASE WHEN excluded.status = 0 AND status IS NOT NULL AND status <> 0 THEN status ELSE excluded.status END`,
      [encodeUid(r.id), this.dictId('label', r.kind), r.title, clampInt(r.startedAt), r.endedAt ?? null, status],
    );
    return this.db.getRowsModified() > 0 ? 1 : 0;
  }

  private flushTotals(hourly: Hourly, perExec: Map<number, Totals>): void {
    const flush = (name: string, sql: string, keys: readonly [string, string], totals: Map<string, Totals>) => {
      for (const [key, t] of totals) {
        const [hour, a, b] = key.split('|').map(Number);
        const row: Row<string> = {
          hour: hour!, [keys[0]]: a!, [keys[1]]: b!, calls: t.calls, input: t.input, output: t.output, cache_read: t.cacheRead,
          cache_write: t.cacheWrite, reasoning: t.reasoning, cost: t.cost, unpriced: t.unpriced, saved: t.saved, cache_hits: t.hits, errors: t.errors,
        };
        this.run(name, sql, named(row));
      }
    };
    flush('rollup', ADD_HOURLY, ['provider', 'model'], hourly.byModel);
    flush('rollupClient', ADD_HOURLY_CLIENT, ['source', 'client'], hourly.byClient);
    for (const [id, t] of perExec) {
      this.run(
        'execTotals',
        `UPDATE executions SET calls = calls + ?, tokens = tokens + ?, input = input + ?, output = output + ?,
           cost = cost + ?, unpriced = unpriced + ?, saved = saved + ? WHERE id = ?`,
        [t.calls, t.input + t.output, t.input, t.output, t.cost, t.unpriced, t.saved, id],
      );
    }
  }

  private labelOf(name: string | undefined): number | null {
    return name ? this.dictId('label', name) : null;
  }

  /** The id of `name` in a dictionary table, inserting it on first sight. */
  dictId(table: 'provider' | 'model' | 'server' | 'tool' | 'label', name: string, kind?: string): number {
    const cache = getOr(this.dicts, table, () => new Map<string, number>());
    const key = kind === undefined ? name : `${name}\u0000${kind}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const cols = kind === undefined ? ['name'] : ['name', 'kind'];
    const params = kind === undefined ? [name] : [name, kind];
    const where = cols.map((c) => `${c} = ?`).join(' AND ');
    this.db.run(`INSERT OR IGNORE INTO ${table}(${cols.join(', ')}) VALUES(${cols.map(() => '?').join(', ')})`, params);
    const id = Number(this.db.exec(`SELECT id FROM ${table} WHERE ${where}`, params)[0]?.values[0]?.[0]);
    cache.set(key, id);
    return id;
  }

  private executionId(uid: string, start: number): number {
    const hit = this.execIds.get(uid);
    if (hit !== undefined) return hit;
    const key = encodeUid(uid);
    // A call may arrive before its execution's record: a placeholder row takes the call's start.
    this.run('execPlaceholder', 'INSERT OR IGNORE INTO executions(uid, start, status) VALUES(?, ?, 0)', [key, start]);
    const id = Number(this.db.exec('SELECT id FROM executions WHERE uid = ?', [key])[0]?.values[0]?.[0]);
    this.execIds.set(uid, id);
    return id;
  }

  private run(name: string, sql: string, params: SqlValue[] | Record<string, SqlValue>): void {
    const stmt = (this.stmts[name] ??= this.db.prepare(sql));
    stmt.run(params);
  }

  /** Forget cached ids and statements (after the rows they point at were deleted or rebuilt). */
  clearCaches(): void {
    this.dicts.clear();
    this.execIds.clear();
  }

  close(): void {
    for (const s of Object.values(this.stmts)) s.free();
    this.db.close();
  }
}

function normalizedUsage(u: Partial<CallRecord['usage']>): CallRecord['usage'] {
  return {
    inputTokens: clampInt(u.inputTokens), outputTokens: clampInt(u.outputTokens), cacheReadTokens: clampInt(u.cacheReadTokens),
    cacheWriteTokens: clampInt(u.cacheWriteTokens), cacheWrite5mTokens: clampInt(u.cacheWrite5mTokens),
    cacheWrite1hTokens: clampInt(u.cacheWrite1hTokens), reasoningTokens: clampInt(u.reasoningTokens),
  };
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}
