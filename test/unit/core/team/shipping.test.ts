// Shipping to a real PostgreSQL 15 (a throwaway cluster): exactly once across processes, through
// a server restart and a killed shipper, late rows behind the cursor, and each refusal's message
// while local recording goes on.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { TeamError } from '../../../../src/core/team/connection';
import { PgCluster } from '../../../support/postgres';
import { call, ledgerPerTest, tempDir, removeDir } from '../usage/helpers';
import { drained, localSums, recordWork, shipperFor, teamSums, type Sums } from './helpers';

const child = path.join(__dirname, 'shipperChild.js');

function runChild(args: string[], onLine?: (line: string, p: ChildProcess) => void): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let err = '';
    p.stdout!.setEncoding('utf8').on('data', (d: string) => {
      for (const line of d.split('\n').filter(Boolean)) {
        lines.push(line);
        onLine?.(line, p);
      }
    });
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => (code && code !== 0 ? reject(new Error(`child exited ${code}: ${err}`)) : resolve({ code, lines })));
  });
}

describe('team ledger shipping (PostgreSQL)', function () {
  this.timeout(120_000);
  let pg: PgCluster;
  let db = 0;
  const fresh = async (): Promise<string> => {
    const name = `t${++db}`;
    await pg.sql(`CREATE DATABASE ${name}`);
    await pg.sql(`GRANT ALL ON DATABASE ${name} TO alice`);
    return pg.url('alice', 'alice-secret-1', name);
  };

  before(async () => {
    pg = await PgCluster.start();
    await pg.sql("CREATE ROLE alice LOGIN CREATEROLE PASSWORD 'alice-secret-1'; CREATE ROLE carol LOGIN PASSWORD 'carol-secret-3'");
  });
  after(() => pg?.destroy());

  it('ships 4 writer processes × 10,000 calls exactly once: 40,000 rows, exact sums', async () => {
    const url = await fresh();
    const dirs = [0, 1, 2, 3].map(() => tempDir());
    try {
      const runs = await Promise.all(dirs.map((d, i) => runChild([d, url, 'alice-secret-1', `dev${i}@example.com`, '10000', 'ship'])));
      const local = runs.map((r) => JSON.parse(r.lines.at(-1)!) as Sums);
      const team = await teamSums(url);
      assert.equal(team.calls, 40_000);
      assert.equal(team.distinct, 40_000);
      assert.equal(team.input, local.reduce((s, l) => s + l.input, 0));
      assert.equal(team.output, local.reduce((s, l) => s + l.output, 0));
      assert.equal(team.costNano, local.reduce((s, l) => s + l.costNano, 0));
      assert.ok(team.costNano > 0);
      assert.equal(team.rollupCalls, 40_000, 'the daily rollup counts each call once');
      assert.equal(team.rollupCost, team.costNano);
      const per = await pg.sql<{ member: string; n: string }>('SELECT member, count(*) AS n FROM switchboard.calls GROUP BY member ORDER BY member', [], `t${db}`);
      assert.deepEqual(per.map((r) => Number(r.n)), [10_000, 10_000, 10_000, 10_000]);
    } finally {
      dirs.forEach(removeDir);
    }
  });

  describe('in one process', () => {
    const ledgers = ledgerPerTest();

    it('loses and doubles nothing when PostgreSQL restarts in the middle of shipping', async () => {
      const url = await fresh();
      const ledger = ledgers.open();
      recordWork(ledger, 20_000);
      const errors: (TeamError | undefined)[] = [];
      const shipper = shipperFor(ledger, ledgers.dir, url, 'alice-secret-1', { batchSize: 500, onError: (e) => errors.push(e) });
      shipper.start();
      while (shipper.state.shipped < 2000) await new Promise((r) => setTimeout(r, 5));
      pg.stopServer('fast');
      const shippedAtStop = shipper.state.shipped;
      await new Promise((r) => setTimeout(r, 300));
      pg.startServer();
      await drained(shipper);
      await shipper.stop();
      assert.ok(shippedAtStop < 20_000, 'the restart came mid-shipping');
      assert.equal(errors[0]?.kind, 'unreachable', JSON.stringify(errors[0]));
      assert.equal(errors.at(-1), undefined, 'recovery is reported');
      const team = await teamSums(url);
      const local = await localSums(ledger);
      assert.deepEqual({ calls: team.calls, input: team.input, output: team.output, costNano: team.costNano }, local);
      assert.equal(team.distinct, 20_000);
      assert.equal(team.rollupCalls, 20_000);
    });

    it('ships rows that land behind its cursor (late records, finished executions)', async () => {
      const url = await fresh();
      const ledger = ledgers.open();
      recordWork(ledger, 200);
      const shipper = shipperFor(ledger, ledgers.dir, url, 'alice-secret-1');
      shipper.start();
      await drained(shipper);
      ledger.recordCall(call({ startedAt: Date.now() - 2 * 86_400_000, usage: { inputTokens: 7 } }));
      const [exec] = await pg.sql<{ uid: Buffer }>("SELECT uid FROM switchboard.executions WHERE kind = 'agent' ORDER BY started_at LIMIT 1", [], `t${db}`);
      const id = exec!.uid.toString('hex');
      ledger.recordExecution({ id, kind: 'agent', title: 'secret prompt text', startedAt: Date.now() - 3_600_000, endedAt: Date.now(), status: 'ok' });
      await drained(shipper);
      await shipper.stop();
      const team = await teamSums(url);
      assert.equal(team.calls, 201);
      assert.equal(team.input, (await localSums(ledger)).input);
      const done = await pg.sql<{ status: string }>('SELECT status FROM switchboard.executions WHERE uid = $1', [Buffer.from(id, 'hex')], `t${db}`);
      assert.equal(done[0]?.status, 'ok');
    });

    it('says what is wrong — wrong password, missing privilege, too-new schema — once each, while local records go on', async () => {
      const url = await fresh();
      const tooNew = await fresh();
      await pg.sql('CREATE SCHEMA switchboard; CREATE TABLE switchboard.schema_version(version int PRIMARY KEY, applied_at timestamptz); INSERT INTO switchboard.schema_version VALUES (99, now()); GRANT USAGE ON SCHEMA switchboard TO alice; GRANT SELECT ON switchboard.schema_version TO alice', [], `t${db}`);
      // The schema exists (alice migrated it) but carol was granted nothing.
      const ok = shipperFor(ledgers.open(), ledgers.dir, url, 'alice-secret-1');
      ok.start();
      await drained(ok);
      await ok.stop();
      const cases: [string, string | undefined, TeamError['kind'], RegExp][] = [
        [url, 'bad-secret-2', 'authentication', /refused user "alice": wrong password/],
        [url.replace('alice:alice-secret-1', 'carol:carol-secret-3'), 'carol-secret-3', 'privilege', /user "carol" lacks a privilege/],
        [tooNew, 'alice-secret-1', 'schema', /schema version 99, newer than this Switchboard supports/],
      ];
      for (const [target, password, kind, message] of cases) {
        const dir = tempDir();
        const ledger = ledgers.open({ dir });
        const errors: (TeamError | undefined)[] = [];
        const shipper = shipperFor(ledger, dir, target, password, { retryMs: 10, maxRetryMs: 20, onError: (e) => errors.push(e) });
        shipper.start();
        for (let i = 0; i < 30; i++) {
          ledger.recordCall(call());
          await new Promise((r) => setTimeout(r, 10));
        }
        await shipper.stop();
        assert.equal(errors.length, 1, `one message for ${kind}: ${JSON.stringify(errors)}`);
        assert.equal(errors[0]!.kind, kind);
        assert.match(errors[0]!.message, message);
        assert.doesNotMatch(errors[0]!.message, /secret-\d/, 'no password in the message');
        assert.equal((await ledger.query({ q: 'counts' })).calls, 30, 'local recording goes on');
        await ledger.close();
        removeDir(dir);
      }
    });
  });

  it('stays exact when a shipper is SIGKILLed mid-batch and started again', async () => {
    const url = await fresh();
    const dir = tempDir();
    try {
      await runChild([dir, url, 'alice-secret-1', 'dev@example.com', '20000', 'kill'], (line, p) => {
        if (line === 'shipping') setTimeout(() => p.kill('SIGKILL'), 15);
      }).catch(() => undefined);
      const before = await teamSums(url);
      assert.ok(before.calls < 20_000, `killed before the end (${before.calls} shipped)`);
      const run = await runChild([dir, url, 'alice-secret-1', 'dev@example.com', '0', 'ship']);
      const local = JSON.parse(run.lines.at(-1)!) as Sums;
      const team = await teamSums(url);
      assert.equal(local.calls, 20_000);
      assert.deepEqual({ calls: team.calls, input: team.input, output: team.output, costNano: team.costNano }, local);
      assert.equal(team.rollupCalls, 20_000);
    } finally {
      removeDir(dir);
    }
  });
});
