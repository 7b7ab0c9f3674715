import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './harness';

describe('gateway UI', function () {
  let wb: Workbench;

  before(async function () {
    wb = await openWorkbench({ settings: { 'switchboard.gateway.enabled': true } });
  });

  after(async function () {
    await wb?.close();
  });

  it('shows the running gateway in the status bar: its URL, clients seen today, requests in flight', async function () {
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click(); // activates the extension
    const item = wb.statusItem('switchboard.gateway');
    await item.waitFor({ timeout: 60_000 });
    assert.match(await item.innerText(), /^\S*\s*0 clients$/);
    await item.hover();
    const hover = wb.page.locator('.monaco-hover', { hasText: 'Switchboard Gateway' });
    await hover.waitFor();
    const text = await hover.innerText();
    assert.match(text, /URL: http:\/\/127\.0\.0\.1:\d+ \(MCP: http:\/\/127\.0\.0\.1:\d+\/mcp\)/);
    assert.match(text, /Clients\sseen\stoday:\snone/);
    assert.match(text, /Requests in flight: 0/);
    await wb.screenshot('gateway-status');
  });
});
