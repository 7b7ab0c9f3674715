// The team database itself on a real PostgreSQL 15: the DBA script is the migrations, the
// read-only role reads and cannot write, no content columns exist, and the team views over a
// generated team of 20 members × 3 projects match sums computed here from the same rows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { emptyUsage } from '../../../../src/core/llm/types';
import { insertCalls, upsertExecutions } from '../../../../src/core/team/batches';
import { teamMonthSpend, teamScope } from '../../../../src/core/team/queries';
import { TEAM_SCHEMA_VERSION, dbaScript, migrate, schemaVersion } from '../../../../src/core/team/schema';
import type { CallRow, ExecutionRow } from '../../../../src/core/usage/protocol';
import { PgCluster } from '../../../support/postgres';

const DAY = 86_400_000;
const MONTH = { from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) };
const MODELS = ['gpt-4o', 'claude-sonnet-4-5', 'llama3'];

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

describe('team database (PostgreSQL)', function () {
  this.timeout(60_000);
  let pg: PgCluster;
  before(async () => (pg = await PgCluster.start()));
  after(() => pg?.destroy());

  const columns = async (db: string) =>
    (await pg.sql<{ c: string }>("SELECT table_name || '.' || column_name || ':' || data_type AS c FROM information_schema.columns WHERE table_schema = 'switchboard' ORDER BY 1", [], db)).map((r) => r.c);

  it('docs/team-ledger.sql is the migrations, and applying it by hand gives the same database', async () => {
    assert.equal(fs.readFileSync(path.join(__dirname, '../../../../../docs/team-ledger.sql'), 'utf8'), dbaScript());
    await pg.sql('CREATE DATABASE by_hand');
    await pg.sql('CREATE DATABASE by_code');
    await pg.sql(dbaScript(), [], 'by_hand');
    const code = await connect(pg.url('postgres', undefined, 'by_code'));
    const hand = await connect(pg.url('postgres', undefined, 'by_hand'));
    try {
      assert.deepEqual(await migrate(code), { from: 0, to: TEAM_SCHEMA_VERSION });
      assert.deepEqual(await migrate(hand), { from: TEAM_SCHEMA_VERSION, to: TEAM_SCHEMA_VERSION }, 'nothing left to do');
      assert.equal(await schemaVersion(hand), TEAM_SCHEMA_VERSION);
    } finally {
      await code.end();
      await hand.end();
    }
    const cols = await columns('by_code');
    assert.deepEqual(await columns('by_hand'), cols);
    assert.deepEqual(cols.filter((c) => /title|prompt|answer|argument|\.error:|key|secret/.test(c)), [], 'usage metadata only');
  });

  it('gives dashboards a read-only role', async () => {
    await pg.sql("CREATE ROLE dash LOGIN PASSWORD 'dash-secret'; GRANT switchboard_reader TO dash");
    const dash = await connect(pg.url('dash', 'dash-secret', 'by_code'));
    try {
      assert.deepEqual((await dash.query('SELECT count(*)::int AS n FROM switchboard.usage_daily')).rows, [{ n: 0 }]);
      await assert.rejects(dash.query("INSERT INTO switchboard.calls(uid) VALUES ('\\x00')"), { code: '42501' });
    } finally {
      await dash.end();
    }
  });

  it('lets a login holding only switchboard_writer ship calls and executions (the rollup trigger runs as its owner)', async () => {
    await pg.sql("CREATE ROLE shipper LOGIN PASSWORD 'shipper-secret'; GRANT switchboard_writer TO shipper");
    const w = await connect(pg.url('shipper', 'shipper-secret', 'by_code'));
    const who = { member: 'w@example.com', project: 'p', machine: 'm' };
    const exec = 'ab'.repeat(12);
    const row: CallRow = {
      id: 'cd'.repeat(12), executionId: exec, provider: 'p', providerKind: 'p', model: 'm', responseModel: 'm', startedAt: MONTH.from, durationMs: 1,
      usage: { ...emptyUsage(), inputTokens: 5 }, costUsd: 0.5, savedUsd: null, cacheHit: false, status: 'ok',
    };
    try {
      assert.equal(await insertCalls(w, who, [row]), 1);
      await upsertExecutions(w, who, [{ id: exec, kind: 'agent', title: '', startedAt: MONTH.from, status: 'ok', calls: 0, tokens: 0, inputTokens: 0, outputTokens: 0, savedUsd: 0, costUsd: 0, unpricedCalls: 0, cacheHits: 0, toolCalls: 0 }]);
      const [x] = (await w.query("SELECT status, calls::int, cost_nano::bigint::text AS cost FROM switchboard.executions")).rows as { status: string; calls: number; cost: string }[];
      assert.deepEqual(x, { status: 'ok', calls: 1, cost: '500000000' });
      await assert.rejects(w.query('DELETE FROM switchboard.calls'), { code: '42501' });
    } finally {
      await w.end();
    }
  });

  it('shows cost and tokens by member, project, model and day, top executions and savings, for 20 members × 3 projects', async () => {
    await pg.sql('CREATE DATABASE team');
    const url = pg.url('postgres', undefined, 'team');
    const db = await connect(url);
    try {
      await migrate(db);
      const want = { member: new Map<string, number>(), project: new Map<string, number>(), model: new Map<string, number>(), day: new Map<string, number>() };
      const tokens = new Map<string, number>();
      const saved = new Map<string, number>();
      const execCost = new Map<string, number>();
      const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
      let seq = 0;
      for (let m = 0; m < 20; m++) {
        for (let p = 0; p < 3; p++) {
          const who = { member: `dev${m}@example.com`, project: `project-${p}`, machine: `box${m}` };
          const exec = (0xe000 + m * 3 + p).toString(16).padStart(24, '0');
          const calls: CallRow[] = [];
          for (let i = 0; i < 12; i++) {
            const hit = i % 4 === 0;
            const at = MONTH.from + ((m + p + i) % 28) * DAY + i * 60_000;
            const cost = hit ? 0 : (m + 1) * 0.001 + p * 0.0001 + i * 0.00001;
            const input = 100 * (m + 1) + i;
            calls.push({
              id: (++seq).toString(16).padStart(24, '0'), executionId: exec, provider: 'p', providerKind: 'p', model: MODELS[(m + i) % 3]!, responseModel: MODELS[(m + i) % 3]!,
              startedAt: at, durationMs: 100, usage: { ...emptyUsage(), inputTokens: input, outputTokens: 10 },
              costUsd: cost, savedUsd: hit ? 0.002 : null, cacheHit: hit, status: 'ok',
            });
            const nano = Math.round(cost * 1e9);
            add(want.member, who.member, nano);
            add(want.project, who.project, nano);
            add(want.model, calls.at(-1)!.model, nano);
            add(want.day, new Date(at).toISOString().slice(0, 10), nano);
            if (!hit) add(tokens, who.member, input + 10);
            if (hit) add(saved, who.member, 2_000_000);
            add(execCost, exec, nano);
          }
          const execution: ExecutionRow = {
            id: exec, kind: 'agent', title: 'never shipped', startedAt: calls[0]!.startedAt, endedAt: calls[0]!.startedAt + 1000, status: 'ok',
            calls: 0, tokens: 0, inputTokens: 0, outputTokens: 0, savedUsd: 0, costUsd: 0, unpricedCalls: 0, cacheHits: 0, toolCalls: 0,
          };
          // Calls first: the execution arrives later and completes the trigger's placeholder.
          assert.equal(await insertCalls(db, who, calls), 12);
          assert.equal(await insertCalls(db, who, calls), 0, 'a replay adds nothing');
          await upsertExecutions(db, who, [execution]);
        }
      }
      const scope = await teamScope(db, MONTH, 5);
      const got = (rows: { key: string; costUsd: number }[]) => new Map(rows.map((r) => [r.key, Math.round(r.costUsd * 1e9)]));
      assert.deepEqual(got(scope.byMember), want.member);
      assert.deepEqual(got(scope.byProject), want.project);
      assert.deepEqual(got(scope.byModel), want.model);
      assert.deepEqual(got(scope.byDay), want.day);
      assert.equal(scope.byMember.length, 20);
      assert.equal(scope.byProject.length, 3);
      assert.deepEqual(new Map(scope.byMember.map((r) => [r.key, r.inputTokens + r.outputTokens])), tokens);
      assert.deepEqual(new Map(scope.savings.map((s) => [s.member, Math.round(s.savedUsd * 1e9)])), saved);
      const top = [...execCost.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
      assert.deepEqual(scope.topExecutions.map((e) => [e.id, Math.round(e.costUsd * 1e9)]), top);
      assert.ok(scope.topExecutions.every((e) => e.calls === 12 && e.kind === 'agent' && e.status === 'ok'));
      const spend = await teamMonthSpend(db, MONTH.from + 10 * DAY, { member: 'dev7@example.com', project: 'project-2' });
      assert.equal(Math.round(spend.memberUsd * 1e9), want.member.get('dev7@example.com'));
      assert.equal(Math.round(spend.projectUsd * 1e9), want.project.get('project-2'));
    } finally {
      await db.end();
    }
  });
});
