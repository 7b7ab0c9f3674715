// Tier 3: the usage dashboard from an empty ledger to one holding a tool called by hand and an
// agent run answered from the response cache, as a user sees it. A loopback LLM server answers
// as the provider; the surface fixture MCP server provides the tools. Assertions read the DOM.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { LlmServer, sse } from '../fixtures/llmServer';
import { openaiChatChunks, openaiUsage } from '../fixtures/openaiWire';
import { openWorkbench, projectRoot, surfaceSettings, webviewFrame, type Workbench } from './harness';

const MODEL = 'fixture-model';

describe('dashboard UI: empty tables, tools called by hand, cache hits, per-tool latency', function () {
  let wb: Workbench;
  let llm: LlmServer;

  before(async function () {
    llm = await LlmServer.start();
    // A workspace without servers of its own: a run starts the servers it offers, and a workspace
    // server's first start would ask to confirm its command line.
    wb = await openWorkbench({ workspace: join(projectRoot, 'test', 'fixtures', 'workspace'), settings: surfaceSettings(llm.url, MODEL) });
  });

  after(async function () {
    await wb?.close();
    await llm?.close();
  });

  /** The dashboard alone in the editor area, so its tables get the full width. */
  async function dashboardAlone(): Promise<Frame> {
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Switchboard: Show Usage Dashboard');
    return webviewFrame(wb, '#executions table');
  }

  it('keeps each empty table captioned and says what would be there and why it is empty', async function () {
    // Commands are listed once the extension host is up and Switchboard has activated.
    await wb.statusItem('switchboard.costMeter').waitFor({ timeout: 60_000 });
    await wb.runCommand('Switchboard: Show Usage Dashboard');
    const dash = await webviewFrame(wb, '#executions table');
    for (const [id, caption, why] of [
      ['by-model', 'By model', /No calls in this period \(.+\): cost per model appears here once a prompt has run/],
      ['executions', 'Executions', /No executions in this period \(.+\): each Run Prompt and each Call Tool appears here/],
      ['tool-servers', 'Tool calls per MCP server', /No tool calls in this period/],
      ['tools', 'Calls per tool', /No tool calls in this period \(.+\): each tool appears here/],
    ] as const) {
      assert.match(await dash.locator(`#${id} caption`).innerText(), new RegExp(`^${caption}`));
      assert.match(await dash.locator(`#${id} td.empty`).innerText(), why);
    }
    await dash.locator('#executions').scrollIntoViewIfNeeded();
    await wb.screenshot('dashboard-empty-captions');
  });

  it('lists a tool called by hand under Executions, with its tool call in the drill-down and the per-tool table', async function () {
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
    const sidebar = wb.page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'surface' }).first().click(); // connects the server
    await sidebar.locator('.monaco-list-row', { hasText: /^echo/ }).first().click();
    const form = await webviewFrame(wb, '#form [data-field="text"]');
    await form.locator('input[data-field="text"]').fill('by hand');
    await form.locator('#call').click();
    await form.locator('#result-status').waitFor();

    await wb.runCommand('Switchboard: Show Usage Dashboard');
    const dash = await webviewFrame(wb, '#executions tr.clickable');
    const row = dash.locator('#executions tr.clickable', { hasText: 'Call Tool: surface/echo' });
    await row.waitFor();
    assert.match(await row.innerText(), /manual\s+Call Tool: surface\/echo\s+ok\s+0\s+1\s+—\s+—/);
    await row.click();
    await dash.locator('#drilldown td', { hasText: 'echo' }).waitFor();
    assert.match(await dash.locator('#drilldown').innerText(), /This execution made no LLM calls/);
    const tool = dash.locator('#tools tr', { hasText: 'surface/echo' });
    await tool.waitFor();
    const cells = await tool.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 3), ['surface/echo', '1', '0']);
    assert.match(cells[3] ?? '', /^\d+ ms$/);
    assert.equal(cells[3], cells[4], 'one call: p50 = p95');
  });

  it('labels a run answered from the cache in the Run panel and under Executions', async function () {
    llm.enqueue(sse(openaiChatChunks({ text: 'Cached greetings.', usage: openaiUsage(40_000, 2_000), model: MODEL })));
    const prompt = async () => {
      await wb.runCommand('Switchboard: Run Prompt…');
      const input = wb.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor();
      await input.fill('Greet me from the cache');
      await wb.page.keyboard.press('Enter');
    };
    await prompt();
    // 40k input at $2.50/M + 2k output at $10/M = $0.12.
    const first = await webviewFrame(wb, '#transcript .step-cost');
    await first.locator('#state', { hasText: 'Finished' }).waitFor();
    assert.equal(await first.locator('.step-cost').innerText(), '$0.12 · 42,000 tokens');
    await prompt(); // the same request again: the cache answers, the LLM server is not asked
    const second = await webviewFrame(wb, '#transcript .step-cost.cache-hit');
    await second.locator('#state', { hasText: 'Finished' }).waitFor();
    assert.equal(await second.locator('.step-cost').innerText(), 'answered from cache · saved $0.12');
    assert.match(await second.locator('#cost').innerText(), /^\$0\.00 · saved \$0\.12 by the cache$/);
    assert.equal(llm.requestCount, 1);
    await wb.screenshot('dashboard-run-panel-cache-hit');

    const dash = await dashboardAlone();
    const hit = dash.locator('#executions tr.clickable', { hasText: 'answered from cache' });
    await hit.waitFor();
    assert.match(await hit.innerText(), /Greet me from the cache[\s\S]*answered from cache · saved \$0\.12/);
    await hit.click();
    await dash.locator('#drilldown td', { hasText: 'answered from cache · saved $0.12' }).waitFor();
    await dash.locator('#executions').scrollIntoViewIfNeeded();
    await wb.screenshot('dashboard-executions-cache-hit');
    await dash.locator('#tools').scrollIntoViewIfNeeded();
    await wb.screenshot('dashboard-per-tool-table');
  });
});
