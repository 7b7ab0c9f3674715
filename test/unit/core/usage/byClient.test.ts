// Totals by where calls came from (source and client) and Executions filtered by it, on a real
// ledger: whole hours come from the hourly client rollup, the range's edges from detail rows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { newId } from '../../../../src/core/ids';
import type { TotalsRow } from '../../../../src/core/usage/protocol';
import { GATEWAY_EXECUTION_KIND, gatewayExecutionTitle } from '../../../../src/core/usage/records';
import { migrate } from '../../../../src/core/usage/schema';
import { HOUR_MS } from '../../../../src/core/usage/store';
import { call, ledgerPerTest, wasmPath } from './helpers';

const HOUR_AGO = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS + 60_000; // inside a whole hour of the range
const range = () => ({ from: Date.now() - 86_400_000, to: Date.now() + 60_000 });
const slim = (r: TotalsRow) => ({ label: r.label, source: r.source, client: r.client, calls: r.calls, input: r.inputTokens, output: r.outputTokens, hits: r.cacheHits, cost: r.costUsd, saved: r.savedUsd });

describe('usage ledger: totals by client', () => {
  const t = ledgerPerTest();

  it('groups calls by source and client over rollup hours and edge details, labelled by client or else source', async () => {
    const ledger = t.open({ overrides: { m: { input: 1, output: 2 } } });
    const gw = (client: string, over: Parameters<typeof call>[0] = {}) => call({ model: 'm', source: 'gateway', client, ...over });
    ledger.recordCall(gw('claude-code', { startedAt: HOUR_AGO, usage: { inputTokens: 1_000_000, outputTokens: 0 } })); // $1, rollup hour
    ledger.recordCall(gw('claude-code', { usage: { inputTokens: 0, outputTokens: 1_000_000 } })); // $2, this (partial) hour
    ledger.recordCall(gw('claude-code', { cacheHit: true, savedUsd: 2 })); // a hit: $0, saved $2, no tokens sent
    ledger.recordCall(gw('codex', { startedAt: HOUR_AGO, usage: { inputTokens: 500_000, outputTokens: 0 } })); // $0.50
    ledger.recordCall(call({ model: 'm', source: 'agent', startedAt: HOUR_AGO, usage: { inputTokens: 100, outputTokens: 0 } }));
    ledger.recordCall(call({ model: 'm', startedAt: HOUR_AGO, usage: { inputTokens: 10, outputTokens: 0 } })); // recorded before attribution

    const rows = await ledger.query({ q: 'totals', range: range(), groupBy: 'client' });
    assert.deepEqual(rows.map(slim), [
      { label: 'claude-code', source: 'gateway', client: 'claude-code', calls: 3, input: 1_000_000, output: 1_000_000, hits: 1, cost: 3, saved: 2 },
      { label: 'codex', source: 'gateway', client: 'codex', calls: 1, input: 500_000, output: 0, hits: 0, cost: 0.5, saved: 0 },
      { label: 'agent', source: 'agent', client: undefined, calls: 1, input: 100, output: 0, hits: 0, cost: 0.0001, saved: 0 },
      { label: '', source: undefined, client: undefined, calls: 1, input: 10, output: 0, hits: 0, cost: 0.00001, saved: 0 },
    ]);
    assert.deepEqual(rows.map((r) => r.key), ['gateway\u0000claude-code', 'gateway\u0000codex', 'agent\u0000', '\u0000']);
    // The same calls as every other grouping.
    const byModel = await ledger.query({ q: 'totals', range: range(), groupBy: 'model' });
    assert.equal(rows.reduce((n, r) => n + r.calls, 0), byModel[0]?.calls);
  });

  it('re-pricing rebuilds the client rollup too', async () => {
    const ledger = t.open();
    ledger.recordCall(call({ model: 'house', source: 'gateway', client: 'cline', startedAt: HOUR_AGO, usage: { inputTokens: 1_000_000, outputTokens: 0 } }));
    assert.equal((await ledger.query({ q: 'totals', range: range(), groupBy: 'client' }))[0]?.unpricedCalls, 1);
    await ledger.recomputeCosts({ house: { input: 4, output: 0 } });
    const [row] = await ledger.query({ q: 'totals', range: range(), groupBy: 'client' });
    assert.deepEqual([row?.client, row?.costUsd, row?.unpricedCalls], ['cline', 4, 0]);
  });

  it('filters Executions by source and client: runs with its calls, and a gateway client’s MCP tool calls', async () => {
    const ledger = t.open();
    const exec = (kind: string, title: string, cost: number) => {
      const id = newId();
      ledger.recordExecution({ id, kind, title, startedAt: Date.now() - 5000, status: 'ok' });
      return { id, cost };
    };
    const run = exec('prompt', 'a run', 3);
    ledger.recordCall(call({ executionId: run.id, source: 'agent' }));
    const chat = exec('chat', 'a chat turn', 2);
    ledger.recordCall(call({ executionId: chat.id, source: 'vscode-chat', client: 'copilot' }));
    exec(GATEWAY_EXECUTION_KIND, gatewayExecutionTitle('codex', 'srv/echo'), 0);
    exec(GATEWAY_EXECUTION_KIND, gatewayExecutionTitle('codex-2', 'srv/echo'), 0);
    const titles = async (by?: { source?: string; client?: string }) =>
      (await ledger.query({ q: 'topExecutions', range: range(), limit: 10, ...(by ? { by } : {}) })).map((e) => e.title).sort();

    assert.equal((await titles()).length, 4);
    assert.deepEqual(await titles({ source: 'agent' }), ['a run']);
    assert.deepEqual(await titles({ source: 'vscode-chat', client: 'copilot' }), ['a chat turn']);
    assert.deepEqual(await titles({ source: 'gateway', client: 'codex' }), ['codex: srv/echo']);
    assert.deepEqual(await titles({ source: 'gateway', client: 'nobody' }), []);
  });

  it('migrates a version 5 file: the client rollup is built from its calls', async () => {
    const SQL = await initSqlJs({ locateFile: () => wasmPath });
    const v5 = new SQL.Database();
    migrate(v5, 5);
    v5.exec(`
      INSERT INTO provider(id, name, kind) VALUES (1, 'openai', 'openai');
      INSERT INTO model(id, name) VALUES (1, 'gpt-4o');
      INSERT INTO label(id, name) VALUES (1, 'gateway'), (2, 'aider');
      INSERT INTO calls(start, uid, provider, model, duration, input, output, cache_read, cache_write_5m, cache_write_1h, reasoning, cost, saved, cache_hit, status, source, client)
        VALUES (${HOUR_AGO}, 'c1', 1, 1, 5, 1000, 100, 0, 0, 0, 0, 2000000, NULL, 0, 0, 1, 2),
               (${HOUR_AGO + 1}, 'c2', 1, 1, 5, 1000, 100, 0, 0, 0, 0, 0, 2000000, 1, 0, 1, 2),
               (${HOUR_AGO + 2}, 'c3', 1, 1, 5, 50, 5, 0, 0, 0, 0, NULL, NULL, 0, 1, NULL, NULL);
    `);
    fs.writeFileSync(path.join(t.dir, 'usage.sqlite'), v5.export());
    v5.close();

    const ledger = t.open();
    const rows = await ledger.query({ q: 'totals', range: range(), groupBy: 'client' });
    assert.deepEqual(
      rows.map((r) => [r.label, r.calls, r.inputTokens, r.costUsd, r.unpricedCalls, r.cacheHits, r.savedUsd, r.errors]),
      [['aider', 2, 1000, 0.002, 0, 1, 0.002, 0], ['', 1, 50, 0, 1, 0, 0, 1]],
    );
  });
});
