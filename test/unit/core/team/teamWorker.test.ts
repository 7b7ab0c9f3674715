// The team worker thread on a real PostgreSQL 15: it reads the ledger through the ledger's
// query port (no row through this thread), ships, reports its state, answers the connection
// test and the Team scope, and says what is wrong with a bad password while recording goes on.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseTeamUrl } from '../../../../src/core/team/connection';
import { isTeamError } from '../../../../src/core/team/probe';
import { TeamClient } from '../../../../src/core/team/teamClient';
import type { TeamError } from '../../../../src/core/team/connection';
import { PgCluster } from '../../../support/postgres';
import { call, ledgerPerTest } from '../usage/helpers';

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('team worker (PostgreSQL)', function () {
  this.timeout(60_000);
  let pg: PgCluster;
  const ledgers = ledgerPerTest();
  before(async () => {
    pg = await PgCluster.start();
    await pg.sql("CREATE ROLE bob LOGIN CREATEROLE PASSWORD 'bob-secret-1'");
    await pg.sql('CREATE DATABASE team OWNER bob');
  });
  after(() => pg?.destroy());

  const init = (password: string, ledgerPort = true) => {
    const ledger = ledgers.open();
    return {
      ledger,
      client: new TeamClient({
        init: {
          target: parseTeamUrl(pg.url('bob', undefined, 'team')), password, identity: { member: 'bob@example.com', project: 'proj', machine: 'box' },
          progressFile: path.join(ledgers.dir, 'team-progress.json'), ledger: ledgerPort ? ledger.queryPort() : undefined,
        },
      }),
    };
  };

  it('ships the ledger from its own thread, reports progress and answers the Team scope', async () => {
    const { ledger, client } = init('bob-secret-1');
    try {
      for (let i = 0; i < 50; i++) ledger.recordCall(call({ model: 'gpt-4o', usage: { inputTokens: 10, outputTokens: 5 }, source: 'gateway', client: 'aider', workspace: 'shop' }));
      const probe = await client.probe();
      assert.ok(!isTeamError(probe), JSON.stringify(probe));
      client.nudge();
      await until('50 calls shipped', () => client.state?.shipped === 50 && client.state.pending === 0);
      assert.ok(client.state!.lastShippedAt! > 0);
      const scope = await client.scope({ from: Date.now() - 86_400_000, to: Date.now() + 60_000 });
      assert.deepEqual(scope.byMember.map((r) => [r.key, r.calls, r.inputTokens]), [['bob@example.com', 50, 500]]);
      const attribution = await pg.sql('SELECT DISTINCT source, client, workspace FROM switchboard.calls', [], 'team');
      assert.deepEqual(attribution, [{ source: 'gateway', client: 'aider', workspace: 'shop' }], 'attribution ships (team schema 2)');
      const month = await client.monthSpend();
      assert.equal(month.month, new Date().toISOString().slice(0, 7));
      assert.equal(Math.round(month.memberUsd * 1e9), Math.round(scope.byMember[0]!.costUsd * 1e9));
    } finally {
      await client.stop();
    }
  });

  it('reports a wrong password once, from the probe and the shipper, while local records go on', async () => {
    const { ledger, client } = init('wrong-secret-9');
    const problems: (TeamError | undefined)[] = [];
    client.onProblem((e) => problems.push(e));
    try {
      const probe = await client.probe();
      assert.ok(isTeamError(probe));
      assert.equal(probe.kind, 'authentication');
      assert.doesNotMatch(probe.message, /secret/);
      for (let i = 0; i < 5; i++) ledger.recordCall(call());
      await until('the shipper’s problem', () => problems.length > 0);
      await new Promise((r) => setTimeout(r, 1500)); // it keeps retrying meanwhile
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.kind, 'authentication');
      assert.equal((await ledger.query({ q: 'counts' })).calls, 5);
    } finally {
      await client.stop();
    }
  });
});
