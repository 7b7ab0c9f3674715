// Tier 3: progress and elicitation as a user sees them, against server-everything. Calling its
// long-running tool from the Call Tool panel shows a progress line and a Cancel button until the
// result; calling its elicitation tool opens a dialog naming the server, then one prompt per field,
// and the server's answer reaches the panel. (The example workspace's own `everything` server
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

  it('asks for elicited input in prompts naming the server, and sends the answers back', async function () {
    await sidebar().locator('.monaco-list-row', { hasText: 'Elicitation Request' }).first().click();
    const form = await webviewFrame(wb, '#tool-name:text("demo/trigger-elicitation-request")');
    await form.locator('#call').click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /MCP server "demo" asks for input/);
    await wb.screenshot('features-elicitation-dialog');
    await dialog.locator('.monaco-button', { hasText: 'Accept' }).click();

    // One prompt per field: a name for the first (a required string), the proposed value or the first choice for the rest.
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    const title = wb.page.locator('.quick-input-widget .quick-input-title');
    let answered = 0;
    for (; answered < 30; answered++) {
      const asked = await title
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (!asked) break;
      const text = await title.innerText();
      assert.match(text, /^demo asks: /);
      if (answered === 0) {
        await input.fill('Ada');
        await wb.screenshot('features-elicitation-field');
      }
      await wb.page.keyboard.press('Enter');
      await wb.page.waitForTimeout(150);
    }
    assert.ok(answered > 3, `${answered} fields asked`);
    await form.locator('#result-status').waitFor({ timeout: 15_000 });
    const result = await form.locator('#result').innerText();
    assert.match(result, /Ada/);
    await form.locator('#result').scrollIntoViewIfNeeded();
    await wb.screenshot('features-elicitation-result');
  });
});
