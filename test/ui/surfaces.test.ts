// Tier 3: Switchboard's surfaces as a user sees them in the workbench, driven through the
// palette, the tree and the webviews. A loopback LLM server answers as the provider and the
// surface fixture MCP server provides tools. Assertions read the DOM; screenshots are for people.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionNameFor } from '../../src/core/mcp/functionNames';
import { LlmServer, sse } from '../fixtures/llmServer';
import { XSS_DESCRIPTION } from '../fixtures/mcp/surfaceServer';
import { openaiChatChunks, openaiUsage } from '../fixtures/openaiWire';
import { openWorkbench, surfaceSettings, webviewFrame, type Workbench } from './harness';

const MODEL = 'fixture-model';

interface ToolsViewSeen {
  welcome: boolean;
  loading: boolean;
  rows: boolean;
}

/**
 * Runs in the page from its first script on: every frame, notes whether the MCP Tools view shows
 * the welcome text, the loading message or the server rows, until the rows are there.
 * (A string: this project's TypeScript has no DOM library outside media/.)
 */
const WATCH_TOOLS_VIEW = `(() => {
  const seen = { welcome: false, loading: false, rows: false };
  window.toolsViewSeen = seen;
  const shown = (el) => el.offsetParent !== null;
  const look = () => {
    const sidebar = document.querySelector('.part.sidebar');
    if (sidebar) {
      for (const el of sidebar.querySelectorAll('.welcome-view-content')) if (shown(el) && el.textContent.includes('No MCP servers are configured yet')) seen.welcome = true;
      for (const el of sidebar.querySelectorAll('.message')) if (shown(el) && el.textContent.includes('Loading MCP configuration')) seen.loading = true;
      seen.rows = [...sidebar.querySelectorAll('.monaco-list-row')].some((r) => r.textContent.includes('surface'));
    }
    if (!seen.rows) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

describe('surfaces UI', function () {
  let wb: Workbench;
  let llm: LlmServer;
  const dialogs: string[] = [];

  before(async function () {
    llm = await LlmServer.start();
    const server = join(__dirname, '..', 'fixtures', 'mcp', 'surfaceServer.js');
    // A workspace-defined server: its first start asks to confirm the command line.
    const folder = mkdtempSync(join(tmpdir(), 'switchboard-ui-ws-'));
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'mcp.json'), JSON.stringify({ servers: { confirmed: { type: 'stdio', command: process.execPath, args: [server] } } }));
    wb = await openWorkbench({
      workspace: folder,
      settings: { ...surfaceSettings(llm.url, MODEL), 'switchboard.budget.daily': 1 },
      beforeLoad: async (page) => void (await page.addInitScript({ content: WATCH_TOOLS_VIEW })),
    });
    // Open the view as soon as the workbench shows, before Switchboard has read its configuration.
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
    // An alert() from injected markup would surface as a dialog: there must be none.
    wb.page.on('dialog', (d) => {
      console.log(`      browser dialog (${d.type()}): ${d.message()}`);
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  after(async function () {
    await wb?.close();
    await llm?.close();
  });

  it('shows a loading state, never the "no servers" welcome, while the configuration loads', async function () {
    const sidebar = wb.page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'surface' }).first().waitFor();
    const seen = (await wb.page.evaluate('window.toolsViewSeen')) as ToolsViewSeen;
    console.log(`      seen while loading: ${JSON.stringify(seen)}`);
    assert.equal(seen.rows, true, 'the watcher saw the server rows');
    assert.equal(seen.welcome, false, 'the "No MCP servers are configured yet" welcome never showed');
    await wb.screenshot('surfaces-tree-loaded');
  });

  it('lists the MCP server and its tools in the tree, descriptions as plain text', async function () {
    const sidebar = wb.page.locator('.part.sidebar');
    const serverRow = sidebar.locator('.monaco-list-row', { hasText: 'surface' }).first();
    await serverRow.waitFor();
    await serverRow.click(); // expanding connects the server and lists its tools
    const xssRow = sidebar.locator('.monaco-list-row', { hasText: 'xss_probe' });
    await xssRow.waitFor();
    // State first and short: the description is not cut off at the default side-bar width.
    assert.equal(await serverRow.locator('.label-description').innerText(), 'running · 5 tools');
    const label = serverRow.locator('.monaco-icon-label-container');
    const { scroll, client } = await label.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(scroll <= client, `the server row's text overflows: ${scroll} > ${client} px`);
    assert.equal(await serverRow.getAttribute('aria-expanded'), 'true');
    // The tooltip text reaches the DOM as text: VS Code puts it in the row's accessible label.
    const aria = (await xssRow.getAttribute('aria-label')) ?? '';
    assert.ok(aria.includes(XSS_DESCRIPTION), aria);
    assert.equal(await xssRow.locator('img').count(), 0, 'no <img> element was created from the description');
    await wb.screenshot('surfaces-tool-tree');
  });

  it('calls a tool by hand through a form generated from its schema', async function () {
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'describe_order' }).click();
    const form = await webviewFrame(wb, '#form [data-field="customer"]');
    assert.equal(await form.locator('#tool-name').innerText(), 'surface/describe_order');
    // Required marks, enum, default, boolean, array and nested object all rendered.
    assert.equal(await form.locator('label.required', { hasText: 'customer' }).count(), 1);
    assert.equal(await form.locator('select[data-field="size"] option:checked').innerText(), 'medium');
    assert.equal(await form.locator('input[type="checkbox"][data-field="express"]').count(), 1);
    assert.equal(await form.locator('fieldset[data-field="address"] legend').innerText(), 'address');

    await form.locator('#call').click(); // customer missing: the executor's ajv messages come back
    await form.locator('#result .error li').first().waitFor();
    assert.match(await form.locator('#result').innerText(), /customer/);

    await form.locator('input[data-field="customer"]').fill('Ada');
    await form.locator('fieldset[data-field="toppings"] button', { hasText: 'Add item' }).click();
    await form.locator('fieldset[data-field="toppings"] input').first().fill('olives');
    await form.locator('fieldset[data-field="address"] input[data-field="street"]').fill('1 Loop Rd');
    await form.locator('#call').click();
    await form.locator('#result-status').waitFor();
    const result = await form.locator('#result').innerText();
    assert.match(result, /Done in \d+ ms/);
    assert.match(result, /"customer": "Ada"/);
    assert.match(result, /"toppings": \[\s*"olives"\s*\]/);
    assert.match(result, /"city": "Springfield"/);
    await form.locator('#result').scrollIntoViewIfNeeded();
    await wb.screenshot('surfaces-call-tool');
  });

  it('labels structured content apart from the text content in the Call Tool result', async function () {
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: /^add/ }).click();
    const form = await webviewFrame(wb, '#tool-name:text("surface/add")');
    await form.locator('input[data-field="a"]').fill('2');
    await form.locator('input[data-field="b"]').fill('3');
    await form.locator('#call').click();
    await form.locator('#result-status').waitFor();
    const structured = form.locator('#result section.structured');
    assert.equal(await structured.count(), 1, 'one structured-content section');
    assert.equal(await structured.locator('h2').innerText(), 'Structured content (JSON)');
    assert.match(await structured.locator('pre').innerText(), /"sum": 5/);
    // The text content is shown under its own label, not as an unlabelled twin.
    assert.equal(await form.locator('#result h2', { hasText: /^Content$/ }).count(), 1);
    await form.locator('#result').scrollIntoViewIfNeeded();
    await wb.screenshot('surfaces-call-tool-structured');
  });

  it('shows an injected tool description as text in the Call Tool form', async function () {
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'xss_probe' }).click();
    const form = await webviewFrame(wb, '#tool-name:text("surface/xss_probe")');
    assert.equal(await form.locator('#tool-description').innerText(), XSS_DESCRIPTION);
    assert.equal(await form.locator('#tool-description img').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('keeps a workspace server expanded through its start confirmation', async function () {
    const sidebar = wb.page.locator('.part.sidebar');
    const row = sidebar.locator('.monaco-list-row', { hasText: 'confirmed' }).first();
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    const start = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Start Server$/ });
    await start.waitFor();
    await wb.screenshot('surfaces-confirm-start');
    await start.click();
    await sidebar.locator('.monaco-list-row[aria-level="2"]', { hasText: 'xss_probe' }).nth(1).waitFor();
    await row.filter({ hasText: 'running · 5 tools' }).waitFor();
    assert.equal(await row.getAttribute('aria-expanded'), 'true', 'the server stays expanded once running');
    await wb.screenshot('surfaces-confirmed-expanded');
  });

  it('runs a prompt: the model calls a tool (after approval) and the Run panel streams it', async function () {
    const echo = functionNameFor('surface', 'echo');
    llm.enqueue(sse(openaiChatChunks({ toolCalls: [{ id: 'call_1', name: echo, arguments: '{"text":"hello from the model"}' }], usage: openaiUsage(40_000, 2_000), model: MODEL })));
    llm.enqueue(sse(openaiChatChunks({ text: 'The echo tool replied: hello from the model.', usage: openaiUsage(45_000, 1_500), model: MODEL })));
    await wb.runCommand('Switchboard: Run Prompt…');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill('Echo a greeting with the tool');
    await wb.page.keyboard.press('Enter');
    // The tool asks before it runs (approval mode "ask").
    const allow = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Allow$/ });
    await allow.waitFor();
    await wb.screenshot('surfaces-tool-approval');
    await allow.click();
    const run = await webviewFrame(wb, '#transcript .tool-card');
    await run.locator('#state', { hasText: 'Finished' }).waitFor();
    assert.match(await run.locator('.tool-card').innerText(), /hello from the model/);
    assert.match(await run.locator('.tool-card .status').innerText(), /done in [\d.]+ m?s/);
    assert.match(await run.locator('#transcript').innerText(), /The echo tool replied/);
    // 85k input at $2.50/M + 3.5k output at $10/M = $0.2475
    assert.equal(await run.locator('#cost').innerText(), '$0.25');
    await wb.screenshot('surfaces-agent-run');
  });

  it('shows the cost in the status bar, with budget use in the tooltip', async function () {
    const meter = wb.statusItem('switchboard.costMeter');
    await meter.filter({ hasText: '$0.25' }).waitFor();
    assert.match(await meter.innerText(), /\$0\.25 today/);
    await meter.hover();
    const tip = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Daily budget' }).first();
    await tip.waitFor();
    const text = (await tip.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /fixture-model: \$0\.25 \(2 calls\)/);
    assert.match(text, /Daily budget: \$0\.25 of \$1\.00 \(25 %\)/);
    await wb.screenshot('surfaces-cost-meter-tooltip');
  });

  it('opens the usage dashboard in the dark theme, then follows a switch to the light theme', async function () {
    await wb.runCommand('Switchboard: Show Usage Dashboard');
    const dash = await webviewFrame(wb, '#kpis .kpi');
    await dash.locator('#by-model td', { hasText: MODEL }).waitFor();
    assert.match(await dash.locator('#kpis').innerText(), /\$0\.25/);
    assert.equal(await dash.locator('canvas').count(), 3);
    await dash.locator('h1').scrollIntoViewIfNeeded();
    await wb.screenshot('surfaces-dashboard-dark');
    await dash.locator('#executions tr.clickable', { hasText: 'Echo a greeting' }).click();
    await dash.locator('#drilldown td', { hasText: 'echo' }).waitFor();
    await wb.screenshot('surfaces-dashboard-drilldown');

    await wb.page.keyboard.press('Control+K'); // Ctrl+K Ctrl+T: Preferences: Color Theme
    await wb.page.keyboard.press('Control+T');
    // The theme picker replaces the palette; its list is virtual, so filter before looking.
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor();
    await wb.page.locator('.quick-input-widget .quick-input-box input').fill('Light Modern');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Light Modern' }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.monaco-workbench.vs').waitFor();
    await dash.locator('body.vscode-light').waitFor();
    await dash.locator('#by-model td', { hasText: MODEL }).waitFor();
    await dash.locator('h1').scrollIntoViewIfNeeded();
    await wb.screenshot('surfaces-dashboard-light');
  });
});
