// Shared pieces of the team ledger tests: a shipper over a real UsageLedger, waiting for it to
// drain, the local and team sums that must agree, and a writer's records.
import * as path from 'node:path';
import { Client } from 'pg';
import { newId } from '../../../../src/core/ids';
import { parseTeamUrl } from '../../../../src/core/team/connection';
import { ledgerOutbox } from '../../../../src/core/team/outbox';
import { type ShipperOptions, TeamShipper } from '../../../../src/core/team/shipper';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import type { CallRow } from '../../../../src/core/usage/protocol';
import { call, toolCall } from '../usage/helpers';

export interface Sums {
  calls: number;
  input: number;
  output: number;
  costNano: number;
}

export function shipperFor(ledger: UsageLedger, dir: string, url: string, password: string | undefined, over: Partial<ShipperOptions> = {}): TeamShipper {
  return new TeamShipper({
    target: parseTeamUrl(url), password, identity: { member: 'dev@example.com', project: 'proj', machine: 'box' },
    outbox: ledgerOutbox(ledger), progressFile: path.join(dir, 'team-progress.json'),
    intervalMs: 50, retryMs: 50, maxRetryMs: 400, reconcileMs: 0, ...over,
  });
}

/** Records `count` calls (input i, output 2i + 1, one execution per 100, one tool call per 10). */
export function recordWork(ledger: UsageLedger, count: number, start = Date.now() - 3_600_000): void {
  let exec = '';
  for (let i = 0; i < count; i++) {
    if (i % 100 === 0) {
      exec = newId();
      ledger.recordExecution({ id: exec, kind: 'agent', title: 'secret prompt text', startedAt: start + i, status: 'running' });
    }
    ledger.recordCall(call({ executionId: exec, model: i % 3 ? 'gpt-4o' : 'gpt-4o-mini', startedAt: start + i, usage: { inputTokens: i, outputTokens: 2 * i + 1 } }));
    if (i % 10 === 0) ledger.recordToolCall(toolCall({ executionId: exec, startedAt: start + i }));
  }
}

export async function localSums(ledger: UsageLedger): Promise<Sums> {
  const rows = (await ledger.query({ q: 'outbox', kind: 'calls', limit: 1e9 })) as CallRow[];
  return {
    calls: rows.length, input: rows.reduce((s, r) => s + r.usage.inputTokens, 0), output: rows.reduce((s, r) => s + r.usage.outputTokens, 0),
    costNano: rows.reduce((s, r) => s + Math.round((r.costUsd ?? 0) * 1e9), 0),
  };
}

export async function teamSums(url: string, where = 'true'): Promise<Sums & { distinct: number; rollupCalls: number; rollupCost: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`SELECT count(*) AS calls, count(DISTINCT uid) AS distinct, coalesce(sum(input), 0) AS input, coalesce(sum(output), 0) AS output,
      coalesce(sum(cost_nano), 0) AS cost, (SELECT coalesce(sum(calls), 0) FROM switchboard.usage_daily) AS rc,
      (SELECT coalesce(sum(cost_nano), 0) FROM switchboard.usage_daily) AS rcost FROM switchboard.calls WHERE ${where}`);
    const x = r.rows[0] as Record<string, string>;
    return {
      calls: Number(x.calls), distinct: Number(x.distinct), input: Number(x.input), output: Number(x.output), costNano: Number(x.cost),
      rollupCalls: Number(x.rc), rollupCost: Number(x.rcost),
    };
  } finally {
    await c.end();
  }
}

/** Resolves once the shipper has shipped everything the ledger holds (as of a finished pass). */
export async function drained(shipper: TeamShipper, timeoutMs = 50_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let seenPass = false;
  while (Date.now() < until) {
    const s = shipper.state;
    if (s.state === 'idle' && s.pending === 0 && seenPass) return;
    if (s.state === 'shipping' || s.state === 'idle' || s.state === 'retrying') seenPass = true;
    await new Promise((r) => setTimeout(r, 20));
    shipper.nudge();
  }
  throw new Error(`shipper did not drain: ${JSON.stringify(shipper.state)}`);
}
