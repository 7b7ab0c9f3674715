import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newId } from '../../../../src/core/ids';
import { listJournals } from '../../../../src/core/usage/journals';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import type { CallRecord } from '../../../../src/core/usage/records';
import { call, ledgerPerTest, toolCall, wholeDay } from './helpers';

describe('usage ledger (worker, real files)', () => {
  const t = ledgerPerTest();
  let ledger: UsageLedger | undefined;

  it('records calls, tool calls and executions and answers every query', async () => {
    ledger = t.open();
    const exec = newId();
    ledger.recordExecution({ id: exec, kind: 'agent', title: 'Fix the build', startedAt: Date.now() - 5000, status: 'running' });
    ledger.recordCall(call({ executionId: exec, usage: { inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 500 } }));
    ledger.recordCall(call({ executionId: exec, provider: 'claude', providerKind: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 2_000, outputTokens: 100 } }));
    ledger.recordCall(call({ model: 'local-llama', cacheHit: true, savedUsd: 0.5 }));
    ledger.recordCall(call({ status: 'error', errorKind: 'rate_limit', usage: { inputTokens: 0, outputTokens: 0 } }));
    ledger.recordToolCall(toolCall({ executionId: exec }));
    ledger.recordToolCall(toolCall({ status: 'error', error: 'boom', durationMs: 40 }));
    ledger.recordExecution({ id: exec, kind: 'agent', title: 'Fix the build', startedAt: Date.now() - 5000, endedAt: Date.now(), status: 'ok' });

    const byModel = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' });
    const gpt = byModel.find((r) => r.key === 'gpt-4o')!;
    assert.equal(gpt.calls, 2);
    assert.equal(gpt.errors, 1);
    assert.ok(Math.abs(gpt.costUsd - 0.025) < 1e-9);
    // A cache hit sent nothing: it costs $0 even for a model with no known price.
    const local = byModel.find((r) => r.key === 'local-llama')!;
    assert.deepEqual([local.cacheHits, local.unpricedCalls, local.costUsd, local.inputTokens, local.savedUsd], [1, 0, 0, 0, 0.5]);

    const byProvider = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'provider' });
    assert.deepEqual(byProvider.map((r) => [r.key, r.calls]).sort(), [['claude', 1], ['openai', 3]]);
    const byDay = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'day', tzOffsetMinutes: 0 });
    assert.equal(byDay.reduce((n, r) => n + r.calls, 0), 4);
    const byExec = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'execution' });
    assert.deepEqual(byExec.map((r) => [r.key, r.label, r.calls, r.inputTokens, r.outputTokens]), [[exec, 'Fix the build', 2, 12_000, 600]]);

    const detail = await ledger.query({ q: 'execution', id: exec });
    assert.equal(detail.execution?.status, 'ok');
    assert.equal(detail.calls.length, 2);
    assert.equal(detail.toolCalls.length, 1);
    assert.equal(detail.calls.find((c) => c.model === 'gpt-4o')?.usage.cacheReadTokens, 4_000);

    const top = await ledger.query({ q: 'topExecutions', range: wholeDay(), limit: 5 });
    assert.equal(top[0]?.id, exec);
    const savings = await ledger.query({ q: 'cacheSavings', range: wholeDay() });
    assert.equal(savings.cacheHits, 1);
    assert.equal(savings.savedUsd, 0.5);
    const tools = await ledger.query({ q: 'toolStats', range: wholeDay() });
    assert.deepEqual(tools, [{ server: 'everything', calls: 2, errors: 1, errorRate: 0.5, avgMs: 30, maxMs: 40 }]);
  });

  it('uses detail rows for partial hours and the rollup for whole hours alike', async () => {
    ledger = t.open();
    const hour = 3_600_000;
    const h = Math.floor(Date.now() / hour) * hour - 10 * hour;
    for (const at of [h + 10, h + hour - 10, h + 2 * hour + 5, h + 3 * hour + 1]) ledger.recordCall(call({ startedAt: at }));
    const range = { from: h + hour / 2, to: h + 3 * hour + 2 }; // half an hour, 2 whole hours, a sliver
    const rows = await ledger.query({ q: 'totals', range, groupBy: 'model' });
    assert.equal(rows[0]?.calls, 3);
  });

  it('replays the same record id only once', async () => {
    ledger = t.open();
    const c = call();
    ledger.recordCall(c);
    ledger.recordCall(c);
    assert.equal((await ledger.query({ q: 'counts' })).calls, 1);
    assert.equal((await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' }))[0]?.calls, 1);
  });

  it('replays the same record id only once after a restart, from a journal the database already has', async () => {
    const first = t.open();
    // In a whole past hour, so the totals come from the hourly rollup a double count would inflate.
    const hour = 3_600_000;
    const h = Math.floor(Date.now() / hour) * hour - 3 * hour;
    const c = call({ startedAt: h + 10 });
    first.recordCall(c); // journaled before it returns
    // A crash between a checkpoint and removing the journal leaves both: keep the journal aside
    // while the first ledger checkpoints and closes, then put it back for the next start.
    const journals = listJournals(t.dir).map((j) => [j.name, fs.readFileSync(path.join(t.dir, j.name))] as const);
    assert.ok(journals.length > 0, 'the record was journaled');
    assert.equal((await first.query({ q: 'counts' })).calls, 1);
    await first.close();
    for (const [name, bytes] of journals) fs.writeFileSync(path.join(t.dir, name), bytes);
    ledger = t.open();
    ledger.recordCall(c); // and the host sends it once more
    assert.equal((await ledger.query({ q: 'counts' })).calls, 1);
    assert.equal((await ledger.query({ q: 'totals', range: { from: h, to: h + hour }, groupBy: 'model' }))[0]?.calls, 1);
  });

  it('sets a malformed record aside with a warning and keeps the rest of its batch', async () => {
    const warnings: string[] = [];
    ledger = t.open({ onWarning: (m) => warnings.push(m) });
    ledger.recordCall(call());
    ledger.recordCall({ ...call(), provider: undefined } as unknown as CallRecord);
    const circular: Record<string, unknown> = call() as unknown as Record<string, unknown>;
    circular.self = circular;
    assert.doesNotThrow(() => ledger!.recordCall(circular as unknown as CallRecord));
    ledger.recordCall(call());
    assert.equal((await ledger.query({ q: 'counts' })).calls, 2);
    // A record of the wrong shape is set aside whole (journalRejects.ts), once.
    assert.equal(warnings.filter((w) => /set aside a line of .* \(provider is missing\)/.test(w)).length, 1, warnings.join('\n'));
  });

  it('keeps journaling when the database cannot open, and has every record on the next start', async () => {
    const warnings: string[] = [];
    ledger = t.open({ wasmPath: path.join(t.dir, 'missing.wasm'), onWarning: (m) => warnings.push(m) });
    ledger.recordCall(call());
    assert.ok(Number.isNaN(await ledger.ready));
    ledger.recordCall(call());
    await assert.rejects(ledger.query({ q: 'counts' }), /not open|missing\.wasm/);
    assert.match(warnings.join('\n'), /missing\.wasm/);
    await ledger.close();
    ledger = t.open();
    assert.equal((await ledger.query({ q: 'counts' })).calls, 2);
  });

  it('leaves batches in the journal during a burst that outruns the worker, and loses none', async () => {
    ledger = t.open({ maxBacklogChars: 10_000 });
    for (let i = 0; i < 20_000; i++) {
      ledger.recordCall(call());
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
    }
    assert.ok(ledger.spills > 0, 'the burst spilled');
    assert.equal((await ledger.query({ q: 'counts' })).calls, 20_000);
    await ledger.close();
    ledger = t.open();
    assert.equal((await ledger.query({ q: 'counts' })).calls, 20_000);
  });

  it('prunes detail rows past retention but keeps the rollup', async () => {
    ledger = t.open();
    ledger.recordCall(call({ startedAt: Date.now() - 10 * 86_400_000 }));
    ledger.recordCall(call());
    assert.equal((await ledger.query({ q: 'counts' })).calls, 2);
    await ledger.updateSettings({}, 7);
    await ledger.prune(); // the periodic checkpoint may have pruned already; either way:
    assert.equal((await ledger.query({ q: 'counts' })).calls, 1);
    const month = { from: Date.now() - 30 * 86_400_000, to: Date.now() + 1 };
    assert.equal((await ledger.query({ q: 'totals', range: month, groupBy: 'model' }))[0]?.calls, 2);
  });

  it('recomputes stored costs after the overrides change', async () => {
    ledger = t.open();
    const exec = newId();
    ledger.recordExecution({ id: exec, kind: 'prompt', title: 'x', startedAt: Date.now() - 2000, status: 'ok' });
    ledger.recordCall(call({ model: 'house-model', executionId: exec, usage: { inputTokens: 1_000_000, outputTokens: 1_000_000 } }));
    assert.equal((await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' }))[0]?.unpricedCalls, 1);
    assert.deepEqual(await ledger.recomputeCosts({ 'house-model': { input: 2, output: 3 } }), { changed: 1 });
    const row = (await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' }))[0]!;
    assert.equal(row.costUsd, 5);
    assert.equal(row.unpricedCalls, 0);
    assert.equal((await ledger.query({ q: 'topExecutions', range: wholeDay(), limit: 1 }))[0]?.costUsd, 5);
    assert.match((await ledger.query({ q: 'execution', id: exec })).calls[0]?.priceVersion ?? '', /^overrides@/);
  });

  it('keeps where a call came from: source, client and workspace read back as recorded', async () => {
    ledger = t.open();
    const exec = newId();
    ledger.recordExecution({ id: exec, kind: 'chat', title: 'x', startedAt: Date.now() - 2000, status: 'ok' });
    ledger.recordCall(call({ executionId: exec, source: 'gateway', client: 'claude-code', workspace: 'shop' }));
    ledger.recordCall(call({ executionId: exec, startedAt: Date.now() - 1000 }));
    const calls = (await ledger.query({ q: 'execution', id: exec })).calls;
    assert.deepEqual(calls.map((c) => [c.source, c.client, c.workspace]), [['gateway', 'claude-code', 'shop'], [undefined, undefined, undefined]]);
    assert.ok(!('source' in calls[1]!), 'an unattributed row has no attribution keys');
  });

  it('exports a range as CSV and JSON files', async () => {
    ledger = t.open();
    for (let i = 0; i < 4500; i++) ledger.recordCall(call({ model: i % 2 ? 'gpt-4o' : 'odd,"model"', startedAt: Date.now() - 10_000 + i }));
    ledger.recordToolCall(toolCall());
    const csv = path.join(t.dir, 'out.csv');
    assert.deepEqual(await ledger.exportRange(csv, 'csv', wholeDay()), { calls: 4500, toolCalls: 0 });
    const lines = fs.readFileSync(csv, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 4501);
    assert.match(lines[0]!, /^id,execution_id,provider/);
    assert.ok(lines.some((l) => l.includes('"odd,""model"""')));
    assert.ok(lines.some((l) => /,0,,,false,ok,,,,,$/.test(l)), 'unpriced cost exported empty');
    const json = path.join(t.dir, 'out.json');
    await ledger.exportRange(json, 'json', wholeDay());
    const parsed = JSON.parse(fs.readFileSync(json, 'utf8')) as { calls: unknown[]; toolCalls: unknown[] };
    assert.equal(parsed.calls.length, 4500);
    assert.equal(parsed.toolCalls.length, 1);
  });
});
