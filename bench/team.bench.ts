// Team ledger on a throwaway PostgreSQL 15 (fsync on): shipping rows/s batched vs one INSERT
// per row, a whole ledger drained by the shipper, the Team scope at a large generated table
// (daily rollup vs naive GROUP BY on the raw calls), and record() p99 with shipping on vs off.
//   npm run bench -- team     TEAM_BENCH_ROWS=10000000 (default 2,000,000) sets the generated table's size
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { newId } from '../src/core/ids';
import { emptyUsage } from '../src/core/llm/types';
import { insertCalls } from '../src/core/team/batches';
import { parseTeamUrl } from '../src/core/team/connection';
import { ledgerOutbox } from '../src/core/team/outbox';
import { teamScope } from '../src/core/team/queries';
import { SCHEMA, migrate } from '../src/core/team/schema';
import { TeamShipper } from '../src/core/team/shipper';
import { TeamClient } from '../src/core/team/teamClient';
import { UsageLedger } from '../src/core/usage/ledger';
import type { CallRow } from '../src/core/usage/protocol';
import type { CallRecord } from '../src/core/usage/records';
import { PgCluster } from '../test/support/postgres';
import { type Sample, percentile, report, summarize } from './lib';

const ROWS = Number(process.env.TEAM_BENCH_ROWS ?? 2_000_000);
const SHIP_ROWS = 50_000;
const PER_ROW = 5_000;
const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
const once = (v: number): Sample => ({ median: v, min: v, max: v });
const who = { member: 'dev@example.com', project: 'proj', machine: 'box' };

function callRows(n: number): CallRow[] {
  const t = Date.now() - 86_400_000;
  return Array.from({ length: n }, (_, i) => ({
    id: newId(t + i), provider: 'openai', providerKind: 'openai', model: `model-${i % 5}`, responseModel: `model-${i % 5}`, startedAt: t + i,
    durationMs: 500, usage: { ...emptyUsage(), inputTokens: i % 5000, outputTokens: 100 }, costUsd: 0.001, savedUsd: null, cacheHit: false, status: 'ok',
  }));
}

const toRecord = (r: CallRow): CallRecord => ({ ...r, savedUsd: r.savedUsd ?? undefined });

async function fresh(pg: PgCluster, name: string): Promise<Client> {
  await pg.sql(`CREATE DATABASE ${name}`);
  const c = new Client({ connectionString: pg.url('postgres', undefined, name) });
  await c.connect();
  await migrate(c);
  return c;
}

async function shipping(pg: PgCluster): Promise<void> {
  const db = await fresh(pg, 'ship');
  const rows = callRows(SHIP_ROWS + PER_ROW);
  let t = performance.now();
  for (let i = 0; i < SHIP_ROWS; i += 2000) await insertCalls(db, who, rows.slice(i, i + 2000));
  const batched = SHIP_ROWS / ((performance.now() - t) / 1000);
  t = performance.now();
  for (const r of rows.slice(SHIP_ROWS)) await insertCalls(db, who, [r]);
  const perRow = PER_ROW / ((performance.now() - t) / 1000);
  report({ figure: `team shipping, batches of 2,000 (${SHIP_ROWS / 1000}k rows)`, unit: 'rows/s', ours: once(batched), baseline: { name: `one INSERT per row (${PER_ROW / 1000}k)`, ...once(perRow) }, better: 'higher', target: '≥ 20,000 rows/s' });
  await db.end();
}

/** The whole path: a local ledger of SHIP_ROWS calls drained into the team database by the shipper. */
async function drain(pg: PgCluster, dir: string): Promise<void> {
  (await fresh(pg, 'drain')).end();
  const ledger = new UsageLedger({ dir, wasmPath });
  const rows = callRows(SHIP_ROWS);
  for (const r of rows) ledger.recordCall(toRecord(r));
  await ledger.checkpoint();
  const shipper = new TeamShipper({
    target: parseTeamUrl(pg.url('postgres', undefined, 'drain')), identity: who, outbox: ledgerOutbox(ledger),
    progressFile: path.join(dir, 'progress.json'), intervalMs: 20, batchSize: 5000,
  });
  const t = performance.now();
  shipper.start();
  while (shipper.state.shipped < SHIP_ROWS) await new Promise((r) => setTimeout(r, 5));
  report({ figure: `shipper draining a local ledger (${SHIP_ROWS / 1000}k calls, end to end)`, unit: 'rows/s', ours: once(SHIP_ROWS / ((performance.now() - t) / 1000)), better: 'higher', target: '≥ 20,000 rows/s' });
  await shipper.stop();
  await ledger.close();
}

/** ROWS calls over 30 days, 50 members × 3 projects, 5 models, 20 calls per execution; in 1M-row statements. */
async function generate(db: Client): Promise<number> {
  const t = performance.now();
  for (let lo = 0; lo < ROWS; lo += 1_000_000) {
    const hi = Math.min(ROWS, lo + 1_000_000) - 1;
    await db.query(`INSERT INTO ${SCHEMA}.calls SELECT decode(lpad(to_hex(i), 24, '0'), 'hex'),
      timestamptz '2026-03-01 00:00Z' + (i::float8 / ${ROWS}) * interval '30 days',
      'dev' || (i % 50) || '@example.com', 'project-' || (i % 3), 'box' || (i % 50), decode(lpad(to_hex(1000000000 + i / 20), 24, '0'), 'hex'),
      'openai', 'openai', 'model-' || (i % 5), NULL, 500, i % 5000, 100 + i % 300, 0, 0, 0, 1000 + i % 100000,
      CASE WHEN i % 10 = 0 THEN 2000000 END, i % 10 = 0, CASE WHEN i % 50 = 0 THEN 'error' ELSE 'ok' END, NULL
      FROM generate_series(${lo}, ${hi}) AS i`);
  }
  await db.query('VACUUM ANALYZE');
  return performance.now() - t;
}

const NAIVE = {
  member: 'member', project: 'project', model: 'model', day: "to_char((started_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')",
};

/** The same Team scope straight from the raw calls table. */
async function naiveScope(db: Client, from: Date, to: Date): Promise<void> {
  const where = 'started_at >= $1 AND started_at < $2';
  for (const key of Object.values(NAIVE)) {
    await db.query(`SELECT ${key} AS key, count(*), sum(input), sum(output), sum(cost_nano), sum(saved_nano) FROM ${SCHEMA}.calls WHERE ${where} GROUP BY 1`, [from, to]);
  }
  await db.query(`SELECT execution, sum(cost_nano) FROM ${SCHEMA}.calls WHERE ${where} AND execution IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 20`, [from, to]);
  await db.query(`SELECT member, count(*) FILTER (WHERE cache_hit), sum(saved_nano) FROM ${SCHEMA}.calls WHERE ${where} GROUP BY 1`, [from, to]);
}

async function dashboard(pg: PgCluster): Promise<void> {
  const db = await fresh(pg, 'big');
  const genMs = await generate(db);
  const size = Number((await db.query(`SELECT pg_total_relation_size('${SCHEMA}.calls') AS b`)).rows[0].b);
  process.stdout.write(`generated ${ROWS.toLocaleString()} calls in ${(genMs / 1000).toFixed(1)} s (${(size / 2 ** 30).toFixed(2)} GiB with indexes)\n`);
  const range = { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 31) };
  const time = async (fn: () => Promise<unknown>, rounds: number): Promise<Sample> => {
    await fn();
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return summarize(ms);
  };
  const ours = await time(() => teamScope(db, range), 10);
  const naive = await time(() => naiveScope(db, new Date(range.from), new Date(range.to)), 3);
  const label = `${(ROWS / 1e6).toLocaleString()}M`;
  report({ figure: `Team scope, 30 days, ${label} calls (6 queries, daily rollup)`, unit: 'ms', ours, baseline: { name: 'GROUP BY on the raw calls', ...naive }, better: 'lower', target: '≤ 100 ms' });
  await db.end();
}

type ShipMode = 'off' | 'thread' | 'worker';

/** record() latency while a shipper drains the same ledger: none, on this thread, or in the team worker (as the extension runs it). */
async function recordP99(pg: PgCluster, dir: string): Promise<void> {
  (await fresh(pg, 'p99')).end();
  const target = parseTeamUrl(pg.url('postgres', undefined, 'p99'));
  const measure = async (mode: ShipMode): Promise<number[]> => {
    const sub = fs.mkdtempSync(path.join(dir, 'p99-'));
    const ledger = new UsageLedger({ dir: sub, wasmPath });
    await ledger.ready;
    const progressFile = path.join(sub, 'p.json');
    const shipper = mode === 'thread' ? new TeamShipper({ target, identity: who, outbox: ledgerOutbox(ledger), progressFile, intervalMs: 10, batchSize: 2000 }) : undefined;
    const worker = mode === 'worker' ? new TeamClient({ init: { target, identity: who, progressFile, ledger: ledger.queryPort() } }) : undefined;
    shipper?.start();
    const shipped = () => shipper?.state.shipped ?? worker?.state?.shipped ?? 0;
    // A backlog first, and (when shipping) the shipper connected and busy with it before timing starts.
    for (const r of callRows(20_000)) ledger.recordCall(toRecord(r));
    worker?.nudge();
    while (mode !== 'off' && shipped() === 0) await new Promise((res) => setTimeout(res, 5));
    const before = shipped();
    const lat: number[] = [];
    for (const r of callRows(30_000)) {
      const t = performance.now();
      ledger.recordCall(toRecord(r));
      lat.push((performance.now() - t) * 1000);
      if (lat.length % 100 === 0) {
        worker?.nudge();
        await new Promise((res) => setTimeout(res, 1)); // a busy editor, not a flood
      }
    }
    if (mode !== 'off') process.stdout.write(`record() p99 run (${mode}): ${shipped() - before} rows shipped while the 30,000 were recorded\n`);
    await shipper?.stop();
    await worker?.stop();
    await ledger.close();
    return lat;
  };
  const off = await measure('off');
  const thread = await measure('thread');
  const worker = await measure('worker');
  const baseline = { name: 'shipping off', ...once(percentile(off, 99)) };
  report({ figure: 'record() p99 with team shipping in the team worker (as the extension ships)', unit: 'µs', ours: once(percentile(worker, 99)), baseline, better: 'lower', target: 'unchanged within noise' });
  report({ figure: 'record() p99 with the shipper on the recording thread', unit: 'µs', ours: once(percentile(thread, 99)), baseline, better: 'lower' });
  report({ figure: 'record() p50 with team shipping in the team worker', unit: 'µs', ours: once(percentile(worker, 50)), baseline: { name: 'shipping off', ...once(percentile(off, 50)) }, better: 'lower' });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-team-bench-'));
  const pg = await PgCluster.start({ fsync: true, settings: { shared_buffers: '512MB', max_wal_size: '4GB', work_mem: '64MB' } });
  try {
    await shipping(pg);
    await drain(pg, dir);
    await recordP99(pg, dir);
    await dashboard(pg);
  } finally {
    pg.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
