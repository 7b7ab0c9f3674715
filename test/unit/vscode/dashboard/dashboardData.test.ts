import * as assert from 'node:assert/strict';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import { dayKey, rangeFor } from '../../../../src/core/usage/periods';
import { call, ledgerPerTest } from '../../core/usage/helpers';
import { newId } from '../../../../src/core/ids';
import { GATEWAY_EXECUTION_KIND, gatewayExecutionTitle } from '../../../../src/core/usage/records';
import { dashboardData } from '../../../../src/vscode/dashboard/dashboardData';

describe('dashboard queries', () => {
  const t = ledgerPerTest();
  let ledger: UsageLedger | undefined;

  it('groups cost by local day and model, and fills the range with every day', async () => {
    ledger = t.open();
    const now = Date.now();
    const yesterday = now - 86_400_000;
    ledger.recordCall(call({ startedAt: now, model: 'gpt-4o', usage: { inputTokens: 1_000_000, outputTokens: 0 } })); // $2.50
    ledger.recordCall(call({ startedAt: now, model: 'gpt-4o', usage: { inputTokens: 1_000_000, outputTokens: 0 } }));
    ledger.recordCall(call({ startedAt: now, provider: 'claude', providerKind: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 100_000, outputTokens: 0 } })); // $0.30 ($3/M below 200k tokens)
    ledger.recordCall(call({ startedAt: yesterday, model: 'gpt-4o', usage: { inputTokens: 1_000_000, outputTokens: 0 } }));

    const data = await dashboardData(ledger, { kind: '7d' }, now);
    assert.equal(data.days.length, 7);
    assert.equal(data.days.at(-1), dayKey(now));
    const cell = (day: number, model: string) => data.dailyByModel.find((r) => r.day === dayKey(day) && r.model === model)?.costUsd;
    assert.ok(Math.abs((cell(now, 'gpt-4o') ?? 0) - 5) < 1e-9, JSON.stringify(data.dailyByModel));
    assert.ok(Math.abs((cell(now, 'claude-sonnet-4-5') ?? 0) - 0.3) < 1e-9);
    assert.ok(Math.abs((cell(yesterday, 'gpt-4o') ?? 0) - 2.5) < 1e-9);
    assert.equal(data.totals.calls, 4);
    assert.ok(Math.abs(data.totals.costUsd - 7.8) < 1e-9);
    assert.deepEqual(data.byProvider.map((r) => r.key).sort(), ['claude', 'openai']);
    assert.equal(data.ledgerHealth?.ok, true);
    assert.match(data.ledgerHealth.text, /^Usage ledger: 0 lost · 4 written, 4 stored/);

    const today = await dashboardData(ledger, { kind: 'today' }, now);
    assert.equal(today.totals.calls, 3);
    assert.equal(rangeFor({ kind: 'today' }, now).label, today.range.label);
  });

  it('lists calls by client (a call without one under its source) and filters Executions by client', async () => {
    ledger = t.open();
    const now = Date.now();
    const run = newId();
    ledger.recordExecution({ id: run, kind: 'prompt', title: 'a run', startedAt: now - 2000, status: 'ok' });
    ledger.recordCall(call({ startedAt: now - 1000, executionId: run, source: 'agent' }));
    ledger.recordCall(call({ startedAt: now - 1000, source: 'gateway', client: 'claude-code' }));
    ledger.recordCall(call({ startedAt: now - 1000, source: 'gateway', client: 'claude-code' }));
    ledger.recordExecution({ id: newId(), kind: GATEWAY_EXECUTION_KIND, title: gatewayExecutionTitle('claude-code', 'srv/echo'), startedAt: now - 500, status: 'ok' });

    const all = await dashboardData(ledger, { kind: 'today' }, now);
    assert.deepEqual(all.byClient.map((r) => [r.label, r.source, r.client, r.calls]), [['claude-code', 'gateway', 'claude-code', 2], ['Run Prompt', 'agent', '', 1]]);
    assert.equal(all.executions.length, 2);
    assert.equal(all.client, undefined);

    const claude = await dashboardData(ledger, { kind: 'today' }, now, { source: 'gateway', client: 'claude-code' });
    assert.deepEqual(claude.executions.map((e) => e.title), ['claude-code: srv/echo']);
    assert.equal(claude.byClient.length, 2, 'the table keeps every client for the filter');
    const runs = await dashboardData(ledger, { kind: 'today' }, now, { source: 'agent', client: '' });
    assert.deepEqual(runs.executions.map((e) => e.title), ['a run']);
  });
});
