// Operations that rewrite stored rows: retention pruning (rollups stay) and re-pricing after
// the user's overrides change. Both run inside a checkpoint, under the lock, so a merge from
// another window's file cannot undo them.
import type { Database, SqlValue } from 'sql.js';
import { DAY_MS } from './periods';
import { priceByModel } from './pricedModel';
import { Pricing, type PriceOverrides } from './pricing';
import { allRows } from './queries';
import { HOUR_MS, HOURLY_CLIENT_COLUMNS, HOURLY_COLUMNS, toNano } from './store';
import type { LedgerStore } from './store';
import { inTransaction } from './sql';

const PRUNE_EVERY_MS = 3_600_000;
/** Calls re-priced per transaction; new records get in between pages. */
const REPRICE_PAGE_ROWS = 5000;

/** The ledger's price table and retention policy, and the rewrites they call for. */
export class Upkeep {
  pricing: Pricing;
  private lastPrune = 0;

  constructor(
    overrides: PriceOverrides,
    private retentionDays: number,
  ) {
    this.pricing = new Pricing(overrides);
  }

  /** New overrides and retention; the store prices new records with the new table at once. */
  settings(overrides: PriceOverrides, retentionDays: number, store: LedgerStore | undefined): void {
    this.pricing = new Pricing(overrides);
    store?.setPricing(this.pricing);
    if (retentionDays !== this.retentionDays) this.lastPrune = 0;
    this.retentionDays = retentionDays;
  }

  get retention(): number {
    return this.retentionDays;
  }

  /** Pruning runs at most hourly, and only with a retention set. */
  pruneDue(now: number): boolean {
    return this.retentionDays > 0 && now - this.lastPrune > PRUNE_EVERY_MS;
  }

  /** Returns how many calls were removed. */
  prune(store: LedgerStore, now: number): number {
    this.lastPrune = now;
    const removed = prune(store.db, this.retentionDays, now);
    if (removed) store.clearCaches();
    return removed;
  }
}

/** Deletes detail rows older than `retentionDays`, on an hour boundary so each rollup hour is all-or-nothing. */
export function prune(db: Database, retentionDays: number, now: number): number {
  if (!(retentionDays > 0)) return 0;
  const cutoff = Math.floor((now - retentionDays * DAY_MS) / HOUR_MS) * HOUR_MS;
  return inTransaction(db, () => {
    db.run('DELETE FROM calls WHERE start < ?', [cutoff]);
    const removed = db.getRowsModified();
    db.run('DELETE FROM tool_calls WHERE start < ?', [cutoff]);
    db.run('DELETE FROM executions WHERE start < ?', [cutoff]);
    return removed;
  });
}

/**
 * Re-prices every stored call, then rebuilds the rollup hours that still have detail rows and
 * the per-execution totals. Hours whose details were pruned keep their recorded costs.
 */
export async function recomputeCosts(store: LedgerStore, pricing: Pricing, pageSize = REPRICE_PAGE_ROWS): Promise<number> {
  const db = store.db;
  let after: SqlValue[] = [-1, ''];
  let changed = 0;
  for (;;) {
    const page = allRows(
      db,
      `SELECT c.start, c.uid, p.kind, m.name, c.input, c.output, c.cache_read, c.cache_write_5m, c.cache_write_1h, c.reasoning, c.cost, rm.name
       FROM calls c JOIN provider p ON p.id = c.provider JOIN model m ON m.id = c.model LEFT JOIN model rm ON rm.id = c.response_model
       WHERE (c.start, c.uid) > (?, ?) AND c.cache_hit = 0 ORDER BY c.start, c.uid LIMIT ?`,
      [...after, pageSize],
    );
    if (!page.length) break;
    inTransaction(db, () => {
      for (const r of page) {
        const n = (i: number) => Number(r[i] ?? 0);
        const usage = {
          inputTokens: n(4), outputTokens: n(5), cacheReadTokens: n(6), cacheWriteTokens: n(7) + n(8),
          cacheWrite5mTokens: n(7), cacheWrite1hTokens: n(8), reasoningTokens: n(9),
        };
        const models = { model: String(r[3]), responseModel: r[11] === null ? null : String(r[11]) };
        const price = priceByModel(models, (model) => pricing.price(String(r[2]), model, usage, n(0)));
        const cost = toNano(price.usd);
        if (cost === r[10]) continue;
        db.run('UPDATE calls SET cost = ?, price_version = ? WHERE start = ? AND uid = ?', [
          cost, price.version ? store.dictId('label', price.version) : null, r[0]!, r[1]!,
        ]);
        changed++;
      }
    });
    after = [page[page.length - 1]![0]!, page[page.length - 1]![1]!];
    await new Promise((r) => setImmediate(r)); // let new records in between pages
  }
  inTransaction(db, () => {
    for (const r of ROLLUPS) {
      db.exec(`DELETE FROM ${r.table} WHERE hour >= (SELECT min(start) / ${HOUR_MS} FROM calls)`);
      db.exec(`INSERT INTO ${r.table}(${r.columns.join(', ')}) ${rollupFromCalls(r.keys)}`);
    }
    db.exec(`UPDATE executions SET (calls, tokens, input, output, cost, unpriced, saved) = (${EXECUTION_TOTALS})`);
  });
  return changed;
}

/** Token totals count what providers were sent: a cache hit's tokens stay on its row only. */
const BILLED = '(1 - cache_hit) * ';

/** A rollup as computed from detail rows, by hour and `keys` (migrations 2 and 6 spell the same queries inline, frozen). */
const rollupFromCalls = (keys: string) => `
  SELECT start / ${HOUR_MS}, ${keys}, count(*), sum(${BILLED}input), sum(${BILLED}output), sum(${BILLED}cache_read),
    sum(${BILLED}(cache_write_5m + cache_write_1h)), sum(${BILLED}reasoning), coalesce(sum(cost), 0),
    sum(cost IS NULL), coalesce(sum(saved), 0), sum(cache_hit), sum(status <> 0)
  FROM calls GROUP BY 1, 2, 3`;

const ROLLUPS = [
  { table: 'usage_hourly', columns: HOURLY_COLUMNS, keys: 'provider, model' },
  { table: 'usage_hourly_client', columns: HOURLY_CLIENT_COLUMNS, keys: 'coalesce(source, 0), coalesce(client, 0)' },
] as const;

const EXECUTION_TOTALS = `
  SELECT count(*), coalesce(sum(${BILLED}(input + output)), 0), coalesce(sum(${BILLED}input), 0), coalesce(sum(${BILLED}output), 0),
    coalesce(sum(cost), 0), coalesce(sum(cost IS NULL), 0), coalesce(sum(saved), 0)
  FROM calls WHERE calls.execution = executions.id`;
