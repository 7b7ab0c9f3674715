// The ledger's schema, versioned by PRAGMA user_version. Each migration takes the database
// from version i to i + 1 inside one transaction; version 1 is the first shipped schema and
// must stay byte-for-byte as it was, because real files were created with it.
//
// Compactness (target ≤ 150 bytes per call row on disk):
// - detail tables are WITHOUT ROWID keyed by (start, uid): range scans by time need no extra
//   index, and replaying a record twice hits the key (idempotent) without a unique index;
// - uid is the 12 raw bytes of a newId() id (text only for foreign id formats);
// - times are integer epoch ms, money is integer nano-USD (4-5 bytes instead of an 8-byte REAL),
//   repeated strings live in dictionary tables, zero counters cost no payload bytes in SQLite;
// - the only secondary indexes are partial ones on `execution`, for one execution's rows.
import { errorMessage } from '../errorMessage';
import type { Database } from 'sql.js';
import { MCP_TIMINGS_MIGRATION } from './mcpTimings';
import { inTransaction } from './sql';

const dictionary = (name: string, extra = '') =>
  `CREATE TABLE ${name}(id INTEGER PRIMARY KEY, name TEXT NOT NULL${extra});`;

/** An hourly rollup table keyed by hour and two dictionary ids (the text migration 2 shipped with). */
const hourlyRollup = (name: string, a: string, b: string) => `CREATE TABLE ${name}(
    hour INTEGER NOT NULL, ${a} INTEGER NOT NULL, ${b} INTEGER NOT NULL,
    calls INTEGER NOT NULL, input INTEGER NOT NULL, output INTEGER NOT NULL,
    cache_read INTEGER NOT NULL, cache_write INTEGER NOT NULL, reasoning INTEGER NOT NULL,
    cost INTEGER NOT NULL, unpriced INTEGER NOT NULL, saved INTEGER NOT NULL,
    cache_hits INTEGER NOT NULL, errors INTEGER NOT NULL,
    PRIMARY KEY(hour, ${a}, ${b})) WITHOUT ROWID;`;

export const MIGRATIONS: readonly string[] = [
  // 1: detail tables and dictionaries.
  `
  ${dictionary('provider', ', kind TEXT NOT NULL, UNIQUE(name, kind)')}
  ${dictionary('model', ' UNIQUE')}
  ${dictionary('server', ' UNIQUE')}
  ${dictionary('tool', ' UNIQUE')}
  ${dictionary('label', ' UNIQUE')}
  CREATE TABLE executions(
    id INTEGER PRIMARY KEY, uid NOT NULL UNIQUE, kind INTEGER, title TEXT,
    start INTEGER, end INTEGER, status INTEGER);
  CREATE TABLE calls(
    start INTEGER NOT NULL, uid NOT NULL, execution INTEGER,
    provider INTEGER NOT NULL, model INTEGER NOT NULL, response_model INTEGER,
    duration INTEGER NOT NULL, input INTEGER NOT NULL, output INTEGER NOT NULL,
    cache_read INTEGER NOT NULL, cache_write_5m INTEGER NOT NULL, cache_write_1h INTEGER NOT NULL,
    reasoning INTEGER NOT NULL, cost INTEGER, saved INTEGER, cache_hit INTEGER NOT NULL,
    status INTEGER NOT NULL, error_kind INTEGER, price_version INTEGER,
    PRIMARY KEY(start, uid)) WITHOUT ROWID;
  CREATE INDEX calls_execution ON calls(execution) WHERE execution IS NOT NULL;
  CREATE TABLE tool_calls(
    start INTEGER NOT NULL, uid NOT NULL, execution INTEGER, server INTEGER NOT NULL,
    tool INTEGER NOT NULL, duration INTEGER NOT NULL, status INTEGER NOT NULL, error TEXT,
    request_bytes INTEGER NOT NULL, response_bytes INTEGER NOT NULL,
    PRIMARY KEY(start, uid)) WITHOUT ROWID;
  CREATE INDEX tool_calls_execution ON tool_calls(execution) WHERE execution IS NOT NULL;
  `,
  // 2: the hourly × provider × model rollup (hours, so local days group exactly for whole-hour
  // time zones) and per-execution totals, kept current on insert so dashboards never scan calls.
  `
  ${hourlyRollup('usage_hourly', 'provider', 'model')}
  INSERT INTO usage_hourly
    SELECT start / 3600000, provider, model, count(*), sum(input), sum(output), sum(cache_read),
      sum(cache_write_5m + cache_write_1h), sum(reasoning), coalesce(sum(cost), 0),
      sum(cost IS NULL), coalesce(sum(saved), 0), sum(cache_hit), sum(status <> 0)
    FROM calls GROUP BY 1, 2, 3;
  ALTER TABLE executions ADD COLUMN calls INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE executions ADD COLUMN tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE executions ADD COLUMN cost INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE executions ADD COLUMN unpriced INTEGER NOT NULL DEFAULT 0;
  UPDATE executions SET (calls, tokens, cost, unpriced) = (
    SELECT count(*), coalesce(sum(input + output), 0), coalesce(sum(cost), 0), coalesce(sum(cost IS NULL), 0)
    FROM calls WHERE calls.execution = executions.id);
  CREATE INDEX executions_start ON executions(start);
  `,
  // 3: per-execution input, output and savings, so grouping by execution reports the same
  // columns as every other grouping (tokens of cache hits are not counted: nothing was sent).
  `
  ALTER TABLE executions ADD COLUMN input INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE executions ADD COLUMN output INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE executions ADD COLUMN saved INTEGER NOT NULL DEFAULT 0;
  UPDATE executions SET (input, output, saved) = (
    SELECT coalesce(sum((1 - cache_hit) * input), 0), coalesce(sum((1 - cache_hit) * output), 0), coalesce(sum(saved), 0)
    FROM calls WHERE calls.execution = executions.id);
  `,
  // 4: MCP connection overhead per server (mcpTimings.ts).
  MCP_TIMINGS_MIGRATION,
  // 5: where a call came from (source, client) and the workspace it was made in, each a label id,
  // for attribution and per-workspace budgets. Older rows have none.
  `
  ALTER TABLE calls ADD COLUMN source INTEGER;
  ALTER TABLE calls ADD COLUMN client INTEGER;
  ALTER TABLE calls ADD COLUMN workspace INTEGER;
  `,
  // 6: the hourly × source × client rollup, so the dashboard's by-client totals read rollups as
  // its other totals do (a detail scan took ~1.5 s at a million calls). 0 = none (label ids start
  // at 1). Hours whose details were pruned before this version have no rows here.
  `
  ${hourlyRollup('usage_hourly_client', 'source', 'client')}
  INSERT INTO usage_hourly_client
    SELECT start / 3600000, coalesce(source, 0), coalesce(client, 0), count(*), sum((1 - cache_hit) * input),
      sum((1 - cache_hit) * output), sum((1 - cache_hit) * cache_read), sum((1 - cache_hit) * (cache_write_5m + cache_write_1h)),
      sum((1 - cache_hit) * reasoning), coalesce(sum(cost), 0), sum(cost IS NULL), coalesce(sum(saved), 0), sum(cache_hit), sum(status <> 0)
    FROM calls GROUP BY 1, 2, 3;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Connection settings: the database lives in memory, durability comes from journal + checkpoint. */
export function configure(db: Database): void {
  db.exec('PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;');
}

export function schemaVersion(db: Database): number {
  return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
}

/** Brings `db` to SCHEMA_VERSION (or to an older `target`, as an older build left it); refuses files from a newer build. */
export function migrate(db: Database, target = SCHEMA_VERSION): number {
  const from = schemaVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new Error(`usage database has schema version ${from}, newer than this Switchboard (${SCHEMA_VERSION}); update Switchboard`);
  }
  if (from === 0) db.exec('PRAGMA page_size=4096;');
  for (let v = from; v < target; v++) {
    try {
      inTransaction(db, () => {
        db.exec(MIGRATIONS[v]!);
        db.exec(`PRAGMA user_version=${v + 1}`);
      });
    } catch (err) {
      throw new Error(`usage database migration ${v} → ${v + 1} failed: ${errorMessage(err)}`);
    }
  }
  return from;
}
