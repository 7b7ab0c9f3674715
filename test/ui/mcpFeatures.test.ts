// Tier 3: progress and elicitation as a user sees them, against server-everything. Calling its
// long-running tool from the Call Tool panel shows a progress line and a Cancel button until the
// result; calling its elicitation tool (13 fields) opens the one-page form naming the server, which
// refuses answers that break the schema, and the server's answer reaches the panel. (Short forms,
// one prompt per field, are covered by the host tier.) (The example workspace's own `everything` server
// stays as it is: this one is added under another name from user settings.)
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkbench, webviewFrame, type Workbench } from './harness';

const EVERYTHING = join(__dirname, '..', '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

describe('progress and elicitation in the Call Tool panel (server-everything)', function () {
  let wb: Workbench;
  const sidebar = () => wb.page.locator('.part.sidebar');

  before(async function () {
    wb = await openWorkbench({
      settings: { 'switchboard.mcp.servers': { demo: { type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] } } },
    });
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
    const row = sidebar().locator('.monaco-list-row', { hasText: 'demo' }).first();
    await row.waitFor();
    await row.click(); // expanding connects the server and lists its tools
    await row.locator('.label-description', { hasText: /running · \d+ tools/ }).waitFor();
  });

  after(async function () {
    await wb?.close();
  });

  it('shows progress and Cancel while a long tool runs, then its result', async function () {
    await sidebar().locator('.monaco-list-row', { hasText: 'Long Running Operation' }).first().click();
    const form = await webviewFrame(wb, '#tool-name:text("demo/trigger-long-running-operation")');
    await form.locator('input[data-field="duration"]').fill('4');
    await form.locator('input[data-field="steps"]').fill('4');
    await form.locator('#call').click();
    const progress = form.locator('#progress');
    await progress.locator('text=/2\\s*\\/\\s*4/').waitFor({ timeout: 15_000 });
    assert.equal(await form.locator('#cancel').isVisible(), true, 'Cancel shows while the call runs');
    await wb.screenshot('features-call-tool-progress');
    await form.locator('#result-status').waitFor({ timeout: 15_000 });
    assert.match(await form.locator('#result').innerText(), /Long running operation completed/);
    assert.equal(await form.locator('#cancel').isVisible(), false, 'Cancel hides when the call ends');
  });

  it('asks for a long elicited form on one page naming the server, refuses answers that do not fit, and sends the rest', async function () {
    await sidebar().locator('.monaco-list-row', { hasText: 'Elicitation Request' }).first().click();
    const callForm = await webviewFrame(wb, '#tool-name:text("demo/trigger-elicitation-request")');
    await callForm.locator('#call').click();
    const page = await webviewFrame(wb, '#asker:text("MCP server “demo” asks for input")', 15_000);
    assert.equal(await page.locator('#message').innerText(), 'Please provide inputs for the following fields:');
    assert.equal(await page.locator('#form .field').count(), 13, 'all 13 fields on one page');
    await page.locator('[data-field="integer"] input').fill('500');
    await page.locator('#accept').click();
    await page.locator('#problems .error li').first().waitFor();
    const problems = await page.locator('#problems').innerText();
    assert.match(problems, /required property 'name'/);
    assert.match(problems, /\/integer must be <= 100/);
    await wb.screenshot('features-elicitation-form-problems');

    await page.locator('[data-field="name"] input').fill('Ada');
    await page.locator('[data-field="integer"] input').fill('7');
    await page.locator('[data-field="check"] select').selectOption('true');
    await page.locator('[data-field="titledMultipleSelectEnum"] label', { hasText: 'Salmon' }).locator('input').check();
    await wb.screenshot('features-elicitation-form');
    await page.locator('#accept').click();
    await callForm.locator('#result-status').waitFor({ timeout: 15_000 });
    const result = await callForm.locator('#result').innerText();
    assert.match(result, /- Name: Ada/);
    assert.match(result, /- Favorite Integer: 7/);
    assert.match(result, /"fish-2"/);
    await callForm.locator('#result').scrollIntoViewIfNeeded();
    await wb.screenshot('features-elicitation-result');
  });
});
