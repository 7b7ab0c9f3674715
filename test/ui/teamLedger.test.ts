// Tier 3: the team ledger as a user meets it. A throwaway PostgreSQL holds a small generated
// team; Connect Team Ledger… takes the password in its input box and shows who will ship; the
// dashboard's Team scope then shows every member, project and model. Assertions read the DOM.
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import { emptyUsage } from '../../src/core/llm/types';
import { insertCalls, upsertExecutions } from '../../src/core/team/batches';
import { migrate } from '../../src/core/team/schema';
import type { CallRow } from '../../src/core/usage/protocol';
import { PgCluster } from '../support/postgres';
import { openWorkbench, webviewFrame, type Workbench } from './harness';

const MODELS = ['gpt-4o', 'claude-sonnet-4-5', 'gpt-4o-mini'];

/** 6 members × 2 projects, a few priced calls each this month, one execution per member and project. */
async function seedTeam(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await migrate(db);
    const now = Date.now();
    let seq = 0;
    for (let m = 0; m < 6; m++) {
      for (let p = 0; p < 2; p++) {
        const who = { member: `dev${m}@example.com`, project: ['switchboard', 'billing-api'][p]!, machine: `laptop-${m}` };
        const exec = (0xe000 + m * 2 + p).toString(16).padStart(24, '0');
        const calls: CallRow[] = Array.from({ length: 4 }, (_, i) => ({
          id: (0xa000 + ++seq).toString(16).padStart(24, '0'), executionId: exec, provider: 'openai', providerKind: 'openai', model: MODELS[(m + i) % 3]!,
          responseModel: MODELS[(m + i) % 3]!, startedAt: now - ((m + i) % 3) * 86_400_000 - 60_000, durationMs: 900,
          usage: { ...emptyUsage(), inputTokens: 2000 * (m + 1), outputTokens: 300 }, costUsd: i === 3 ? 0 : 0.01 * (m + 1) + 0.002 * p,
          savedUsd: i === 3 ? 0.008 : null, cacheHit: i === 3, status: 'ok',
        }));
        await insertCalls(db, who, calls);
        await upsertExecutions(db, who, [{ id: exec, kind: 'agent', title: '', startedAt: calls[0]!.startedAt, endedAt: now, status: 'ok',
          calls: 0, tokens: 0, inputTokens: 0, outputTokens: 0, savedUsd: 0, costUsd: 0, unpricedCalls: 0, cacheHits: 0, toolCalls: 0 }]);
      }
    }
  } finally {
    await db.end();
  }
}

describe('team ledger UI: connect, then the dashboard’s Team scope', function () {
  let wb: Workbench;
  let pg: PgCluster;

  before(async function () {
    pg = await PgCluster.start();
    await pg.sql("CREATE ROLE dev LOGIN CREATEROLE PASSWORD 'dev-secret-7'");
    await pg.sql('CREATE DATABASE team OWNER dev');
    await seedTeam(pg.url('dev', 'dev-secret-7', 'team'));
    wb = await openWorkbench({
      settings: { 'switchboard.team.database': pg.url('dev', undefined, 'team'), 'switchboard.team.member': 'dev0@example.com', 'switchboard.team.project': 'switchboard' },
    });
  });

  after(async function () {
    await wb?.close();
    pg?.destroy();
  });

  it('connects with the password typed once, shows who will ship, and the Team scope lists the team', async function () {
    await wb.statusItem('switchboard.costMeter').waitFor({ timeout: 60_000 });
    await wb.runCommand('Switchboard: Connect Team Ledger…');
    // The palette's own (text) input is still showing for a moment after the command runs: wait for
    // the password box, which never comes if the password were asked in clear text.
    const input = wb.page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await input.waitFor({ timeout: 30_000 });
    assert.match((await wb.page.locator('.quick-input-widget').innerText()).toLowerCase(), /password/);
    await input.fill('dev-secret-7');
    await wb.page.keyboard.press('Enter');
    const toast = wb.page.locator('.notification-toast', { hasText: 'Switchboard will ship usage metadata' });
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), /member "dev0@example\.com", project "switchboard"/);
    await toast.locator('.monaco-button', { hasText: 'Start Shipping' }).click();

    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Switchboard: Show Usage Dashboard');
    const dash = await webviewFrame(wb, '#scope-team');
    await dash.locator('#scope-team').click();
    await dash.locator('#team-by-member tbody tr').nth(5).waitFor({ timeout: 30_000 });
    assert.equal(await dash.locator('#team-by-member tbody tr').count(), 6);
    assert.equal(await dash.locator('#team-by-project tbody tr').count(), 2);
    assert.equal(await dash.locator('#team-by-model tbody tr').count(), 3);
    assert.equal(await dash.locator('#team-savings tbody tr').count(), 6);
    assert.equal(await dash.locator('#scope-team').getAttribute('aria-pressed'), 'true');
    assert.equal(await dash.locator('#me-scope').isHidden(), true);
    assert.match(await dash.locator('#team-source').innerText(), /From the team ledger 127\.0\.0\.1:\d+\/team · 6 members/);
    await wb.screenshot('dashboard-team-scope');
  });
});
