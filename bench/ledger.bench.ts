// Usage ledger: record() latency, sustained throughput, checkpoint/load/query times and file
// size at 100k and 1M call rows, the host thread's longest event-loop stall during a 1M-row
// checkpoint, and peak resident memory. Naive baselines (one table, text UUID keys, three
// indexes, export() + write on the calling thread) are measured in the same run.
//   npm run bench -- ledger            (LEDGER_BENCH_ROWS=200000 for a quicker run)
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import type { Database } from 'sql.js';
import { newId } from '../src/core/ids';
import { emptyUsage } from '../src/core/llm/types';
import { UsageLedger } from '../src/core/usage/ledger';
import type { CallRecord } from '../src/core/usage/records';
import { dashboardData } from '../src/vscode/dashboard/dashboardData';
import { type Sample, percentile, report, summarize } from './lib';

const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
const workerPath = path.join(__dirname, '../src/core/usage/ledgerWorker.js');
const TOTAL = Number(process.env.LEDGER_BENCH_ROWS ?? 1_000_000);
const DAY = 86_400_000;
const once = (v: number): Sample => ({ median: v, min: v, max: v });
const MODELS: [string, string][] = [['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-4-5'], ['anthropic', 'claude-haiku-4-5'], ['ollama', 'llama3']];

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

/** Call k of `total`, spread evenly over the 30 days before `end`, 20 calls per execution. */
function makeCall(k: number, total: number, end: number, execs: string[]): CallRecord {
  const at = end - 30 * DAY + Math.floor((k * 30 * DAY) / total);
  if (k % 20 === 0) execs.push(newId(at));
  const [kind, model] = MODELS[k % MODELS.length]!;
  const input = 500 + ((k * 7919) % 20_000);
  return {
    id: newId(at + 700), executionId: execs[execs.length - 1], provider: kind, providerKind: kind, model, startedAt: at, durationMs: 300 + (k % 5000),
    usage: { ...emptyUsage(), inputTokens: input, outputTokens: 50 + (k % 2000), cacheReadTokens: k % 3 ? Math.floor(input / 2) : 0 },
    cacheHit: k % 10 === 0, savedUsd: k % 10 === 0 ? 0.001 : undefined, status: k % 50 === 0 ? 'error' : 'ok',
  };
}

/** Records flat out (yielding every 1,000); the ledger's own backlog limit keeps memory bounded. */
async function recordRange(ledger: UsageLedger, from: number, to: number, end: number, execs: string[]): Promise<void> {
  for (let k = from; k < to; k++) {
    ledger.recordCall(makeCall(k, TOTAL, end, execs));
    if (k % 1000 === 999) await new Promise((r) => setImmediate(r));
  }
}

/** Longest event-loop delay of this thread while `fn` runs. */
async function longestStall(fn: () => Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.(); // the bench's own garbage is not the ledger's stall
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  await fn();
  loop.disable();
  return loop.max / 1e6;
}

/** The naive design from reference-figures.md, on the calling thread. */
function naiveDb(SQL: Awaited<ReturnType<typeof initSqlJs>>, rows: number, end: number): { db: Database; insertPerSec: number } {
  const db = new SQL.Database();
  db.exec(`CREATE TABLE calls(id TEXT PRIMARY KEY, execution TEXT, provider TEXT, model TEXT, started_at INTEGER, duration INTEGER,
    input INTEGER, output INTEGER, cache_read INTEGER, cost REAL, status TEXT);
    CREATE INDEX calls_started ON calls(started_at); CREATE INDEX calls_execution ON calls(execution); CREATE INDEX calls_model ON calls(model);`);
  const stmt = db.prepare('INSERT INTO calls VALUES (?,?,?,?,?,?,?,?,?,?,?)');
  const execs: string[] = [];
  const t0 = performance.now();
  for (let k = 0; k < rows; k++) {
    if (k % 1000 === 0) db.exec('BEGIN');
    const c = makeCall(k, rows, end, execs);
    stmt.run([randomUUID(), c.executionId ?? null, c.provider, c.model, c.startedAt, c.durationMs, c.usage.inputTokens, c.usage.outputTokens, c.usage.cacheReadTokens, 0.0123, c.status]);
    if (k % 1000 === 999) db.exec('COMMIT');
  }
  stmt.free();
  return { db, insertPerSec: rows / ((performance.now() - t0) / 1000) };
}

function timeMs(fn: () => unknown, rounds = 7): Sample {
  const v: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    v.push(performance.now() - t);
  }
  return summarize(v);
}

async function timeAsync(fn: () => Promise<unknown>, rounds = 7): Promise<Sample> {
  const v: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    v.push(performance.now() - t);
  }
  return summarize(v);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-ledger-bench-'));
  const end = Date.now();
  const execs: string[] = [];
  try {
    // --- record() latency, against the naive appendFileSync of the same line -----------------
    let ledger = new UsageLedger({ dir, wasmPath, workerPath, checkpointIntervalMs: 2000 });
    await ledger.ready;
    const latencies: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const c = makeCall(k, TOTAL, end, execs);
      const t = process.hrtime.bigint();
      ledger.recordCall(c);
      latencies.push(Number(process.hrtime.bigint() - t) / 1000);
      if (k % 1000 === 999) await new Promise((r) => setImmediate(r));
    }
    const naiveFile = path.join(dir, 'naive.jsonl');
    const naiveLat: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const c = makeCall(k, TOTAL, end, []);
      const t = process.hrtime.bigint();
      fs.appendFileSync(naiveFile, JSON.stringify(c) + '\n');
      naiveLat.push(Number(process.hrtime.bigint() - t) / 1000);
    }
    const l = latencies.slice(2000);
    const nl = naiveLat.slice(2000);
    report({ figure: 'record() p50', unit: 'µs', ours: once(percentile(l, 50)), baseline: { name: 'appendFileSync per record', ...once(percentile(nl, 50)) }, better: 'lower' });
    report({ figure: 'record() p99', unit: 'µs', ours: once(percentile(l, 99)), baseline: { name: 'appendFileSync per record', ...once(percentile(nl, 99)) }, better: 'lower', target: '≤ 50 µs' });

    // --- sustained rate to 100k rows: recorded, applied in the worker, queryable ------------
    const rss: Record<string, number> = {};
    const mark = (phase: string) => (rss[phase] = Math.round(process.memoryUsage().rss / 2 ** 20));
    const t100 = performance.now();
    await recordRange(ledger, 20_000, 100_000, end, execs);
    await ledger.query({ q: 'counts' });
    const sustained = 80_000 / ((performance.now() - t100) / 1000);
    mark('at 100k');
    // A periodic checkpoint may have saved everything already: one more record makes this one write the file.
    ledger.recordCall(makeCall(100_000, TOTAL, end, execs));
    const cp100 = await ledger.checkpoint();
    const file = path.join(dir, 'usage.sqlite');
    const bytes100k = fs.statSync(file).size / 100_000;

    // --- grow to TOTAL rows ------------------------------------------------------------------
    await ledger.close();
    ledger = new UsageLedger({ dir, wasmPath, workerPath, checkpointIntervalMs: 3_600_000 });
    await ledger.ready;
    const tFill = performance.now();
    await recordRange(ledger, 100_001, TOTAL, end, execs);
    await ledger.query({ q: 'counts' });
    const fillRate = (TOTAL - 100_001) / ((performance.now() - tFill) / 1000);
    const spills = ledger.spills;
    mark('filled');
    report({ figure: `sustained records/s (100k → ${TOTAL / 1000}k, applied)`, unit: 'rec/s', ours: once(fillRate), better: 'higher' });

    let cp = { ms: 0, bytes: 0, merged: false };
    const stall = await longestStall(async () => (cp = await ledger.checkpoint()));
    const idleStall = await longestStall(() => new Promise((r) => setTimeout(r, Math.max(200, cp.ms))));
    report({ figure: `checkpoint, ${TOTAL / 1000}k rows (worker)`, unit: 'ms', ours: once(cp.ms), better: 'lower', target: '≤ 1000 ms' });
    report({ figure: `file bytes per call row, ${TOTAL / 1000}k`, unit: 'B', ours: once(fs.statSync(file).size / TOTAL), better: 'lower', target: '≤ 150 B' });
    report({ figure: 'host event-loop max delay while idle (noise floor)', unit: 'ms', ours: once(idleStall), better: 'lower' });

    mark('after checkpoint');
    const range = { from: end - 30 * DAY, to: end + 1 };
    const qDay = await timeAsync(() => ledger.query({ q: 'totals', range, groupBy: 'day' }));
    const qModel = await timeAsync(() => ledger.query({ q: 'totals', range, groupBy: 'model' }));
    const qExec = await timeAsync(() => ledger.query({ q: 'execution', id: execs[Math.floor(execs.length / 2)]! }));
    const qTop = await timeAsync(() => ledger.query({ q: 'topExecutions', range, limit: 20 }));
    const qDayModel = await timeAsync(() => ledger.query({ q: 'totals', range, groupBy: 'day-model' }));
    // Everything the dashboard asks for one range, as the host does it (six queries in parallel).
    const qDashboard = await timeAsync(() => dashboardData(ledger, { kind: '30d' }, end));
    const queryFigures = (naiveDay100k: Sample, naiveModel100k: Sample) => {
      report({ figure: `query at ${TOTAL / 1000}k: 30 days by day`, unit: 'ms', ours: qDay, baseline: { name: 'naive, at 100k rows', ...naiveDay100k }, better: 'lower', target: '≤ 50 ms' });
    report({ figure: `query at ${TOTAL / 1000}k: 30 days by model`, unit: 'ms', ours: qModel, baseline: { name: 'naive, at 100k rows', ...naiveModel100k }, better: 'lower', target: '≤ 50 ms' });
    report({ figure: `query at ${TOTAL / 1000}k: one execution`, unit: 'ms', ours: qExec, better: 'lower', target: '≤ 50 ms' });
      report({ figure: `query at ${TOTAL / 1000}k: top 20 executions, 30 days`, unit: 'ms', ours: qTop, better: 'lower', target: '≤ 50 ms' });
      report({ figure: `query at ${TOTAL / 1000}k: 30 days by day and model`, unit: 'ms', ours: qDayModel, better: 'lower', target: '≤ 50 ms' });
      report({ figure: `dashboard data at ${TOTAL / 1000}k: all six queries, 30 days`, unit: 'ms', ours: qDashboard, better: 'lower' });
    };
    await ledger.close();

    const tLoad = performance.now();
    ledger = new UsageLedger({ dir, wasmPath, workerPath, checkpointIntervalMs: 3_600_000 });
    const loadMs = await ledger.ready;
    const openMs = performance.now() - tLoad;
    mark('loaded');
    report({ figure: `load, ${TOTAL / 1000}k rows (read + open + replay, worker)`, unit: 'ms', ours: once(loadMs), better: 'lower', target: '≤ 1000 ms' });
    report({ figure: `open to ready incl. worker start, ${TOTAL / 1000}k rows`, unit: 'ms', ours: once(openMs), better: 'lower' });
    await ledger.close();
    clearInterval(sampler);
    process.stderr.write(`resident MB by phase: ${JSON.stringify(rss)}; bursts left in the journal: ${spills}\n`);
    report({ figure: 'peak resident memory (whole process)', unit: 'MB', ours: once(peakRss / 2 ** 20), better: 'lower', target: '≤ 500 MB' });

    // Naive baselines last: their sql.js heap on this thread would otherwise inflate the RSS figure.
    const SQL = await initSqlJs({ locateFile: () => wasmPath });
    const naive = naiveDb(SQL, 100_000, end);
    report({ figure: 'sustained records/s (to 100k, applied)', unit: 'rec/s', ours: once(sustained), baseline: { name: 'naive sql.js inserts, no pricing', ...once(naive.insertPerSec) }, better: 'higher' });
    const naiveBytes = naive.db.export();
    const naiveCp = timeMs(() => fs.writeFileSync(path.join(dir, 'naive.sqlite'), naive.db.export()), 3);
    const naiveModel100k = timeMs(() => naive.db.exec('SELECT model, sum(input), sum(cost) FROM calls GROUP BY model'), 3);
    const naiveDay100k = timeMs(() => naive.db.exec(`SELECT started_at / ${DAY}, sum(cost) FROM calls WHERE started_at >= ${end - 30 * DAY} GROUP BY 1`), 3);
    naive.db.close();
    report({ figure: 'file bytes per call row, 100k', unit: 'B', ours: once(bytes100k), baseline: { name: 'naive one-table file', ...once(naiveBytes.length / 100_000) }, better: 'lower', target: '≤ 150 B' });
    report({ figure: 'checkpoint, 100k rows (worker)', unit: 'ms', ours: once(cp100.ms), baseline: { name: 'naive export()+write on host thread', ...naiveCp }, better: 'lower' });
    queryFigures(naiveDay100k, naiveModel100k);

    // The naive stall: export() + write of the same file on the calling thread.
    const db = new SQL.Database(fs.readFileSync(file));
    const t = performance.now();
    fs.writeFileSync(path.join(dir, 'naive-copy.sqlite'), db.export());
    const naiveStall = performance.now() - t;
    db.close();
    report({ figure: `longest host event-loop stall during ${TOTAL / 1000}k checkpoint`, unit: 'ms', ours: once(stall), baseline: { name: 'export()+write on host thread', ...once(naiveStall) }, better: 'lower', target: '≤ 50 ms' });
  } finally {
    clearInterval(sampler);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
