// The team ledger in a real VS Code against a real PostgreSQL 15 (a throwaway cluster from
// test/support/postgres.ts): Connect Team Ledger… with scripted answers tests the connection,
// shows who will ship, keeps the password out of settings; a recorded call ships from the team
// worker; the dashboard's Team scope and the cost meter's tooltip show it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TeamDashboardData } from '../../media/protocol';
import { emptyUsage } from '../../src/core/llm/types';
import { newId } from '../../src/core/ids';
import { vscodeConfig } from '../../src/vscode/config';
import { connectTeamLedger, START } from '../../src/vscode/team/teamCommands';
import type { TeamView } from '../../src/vscode/team/teamHost';
import { PgCluster } from '../support/postgres';
import { testSwitchboard } from './context';
import { activated, setSetting } from './harness';
import { until, WebviewProbe } from './webviewProbe';

suite('team ledger (host, PostgreSQL)', function () {
  this.timeout(120_000);
  let pg: PgCluster;

  suiteSetup(async () => {
    await activated();
    pg = await PgCluster.start();
    await pg.sql("CREATE ROLE dev LOGIN CREATEROLE PASSWORD 'dev-secret-7'");
    await pg.sql('CREATE DATABASE team OWNER dev');
  });

  suiteTeardown(async () => {
    for (const key of ['team.database', 'team.member', 'team.project']) await setSetting(key, undefined);
    pg?.destroy();
  });

  test('Connect Team Ledger… ships a recorded call, and the dashboard’s Team scope shows it', async () => {
    await setSetting('team.database', pg.url('dev', undefined, 'team'));
    await setSetting('team.member', 'dev@example.com');
    await setSetting('team.project', 'switchboard');
    const probe = new WebviewProbe();
    const ctx = testSwitchboard({ webviewTransport: probe.transport });
    try {
      const { sb, prompts } = ctx;
      prompts.answer = (asked, actions) => {
        if (asked.kind === 'input' && /password for dev at 127\.0\.0\.1:\d+\/team/.test(asked.message)) return 'dev-secret-7';
        if (asked.kind === 'info' && asked.message.startsWith('Switchboard will ship')) return actions.includes(START) ? START : undefined;
        return undefined;
      };
      assert.equal(sb.team.current.state, 'off', 'nothing ships before the identity was shown');
      assert.equal(await connectTeamLedger({ team: sb.team, config: vscodeConfig, prompts, secrets: ctx.storage.secrets }), true);
      const shown = prompts.asked.find((a) => a.kind === 'info')!.message;
      assert.match(shown, /as member "dev@example\.com", project "switchboard", machine "[^"]+"/);
      assert.match(shown, /never prompts, answers or keys/);
      assert.doesNotMatch(JSON.stringify(vscode.workspace.getConfiguration('switchboard.team')), /dev-secret/, 'the password is not in settings');
      assert.equal(sb.team.current.state, 'on');

      sb.usage.recordCall({
        id: newId(), provider: 'openai', providerKind: 'openai', model: 'gpt-4o', startedAt: Date.now(), durationMs: 120,
        usage: { ...emptyUsage(), inputTokens: 1200, outputTokens: 300 }, cacheHit: false, status: 'ok',
      });
      const view = sb.team.current as TeamView;
      assert.ok(view.state === 'on');
      await until('the call shipped', () => view.client.state?.shipped === 1 && view.client.state.pending === 0, 30_000);
      const rows = await pg.sql<{ member: string; project: string; input: string }>('SELECT member, project, input FROM switchboard.calls', [], 'team');
      assert.deepEqual(rows.map((r) => [r.member, r.project, Number(r.input)]), [['dev@example.com', 'switchboard', 1200]]);

      sb.dashboard.show();
      await until('the dashboard page', () => probe.readies === 1);
      probe.asPage({ kind: 'request', id: 9001, method: 'dashboard/team', params: { range: { kind: 'month' } } });
      const answer = await until('the Team scope', () => probe.toPage.find((m) => m.kind === 'response' && m.id === 9001));
      assert.ok(answer.kind === 'response' && answer.ok, JSON.stringify(answer));
      const team = answer.result as TeamDashboardData;
      assert.deepEqual(team.byMember.map((r) => [r.key, r.calls, r.inputTokens, r.outputTokens]), [['dev@example.com', 1, 1200, 300]]);
      assert.deepEqual(team.byProject.map((r) => r.key), ['switchboard']);
      assert.deepEqual(team.byModel.map((r) => r.key), ['gpt-4o']);
      assert.equal(team.byDay.length, 1);
      assert.match(team.source, /^127\.0\.0\.1:\d+\/team$/);

      await sb.meter.update();
      const tooltip = ctx.statusItem.tooltipText.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
      assert.match(tooltip, /Team ledger: 127\.0\.0\.1:\d+\/team as dev@example\.com \/ switchboard/);
      assert.match(tooltip, /0 rows pending/);
      assert.match(tooltip, /team this month \(\d{4}-\d{2}\): you \$0\.0060, switchboard \$0\.0060/);
    } finally {
      await ctx.close();
      probe.dispose();
    }
  });
});
