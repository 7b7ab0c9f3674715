import * as assert from 'node:assert/strict';
import { openWorkbench, type Workbench } from './harness';

describe('foundation UI', function () {
  let wb: Workbench;

  before(async function () {
    wb = await openWorkbench();
  });

  after(async function () {
    await wb?.close();
  });

  it('shows the Switchboard container with the MCP Tools view and its welcome content', async function () {
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
    const sidebar = wb.page.locator('.part.sidebar');
    // With one view in the container, VS Code folds the view's name into the container title.
    const title = sidebar.locator('.composite.title .title-label');
    await title.filter({ hasText: 'MCP Tools' }).waitFor();
    assert.match(await title.innerText(), /^switchboard: mcp tools$/i);
    await sidebar.getByText('No MCP servers are configured yet.').waitFor();
    await wb.statusItem('switchboard.costMeter').waitFor(); // opening the view activated the extension
    await wb.screenshot('foundation-container');
  });

  it('shows the status-bar item', async function () {
    const item = wb.statusItem('switchboard.costMeter');
    await item.waitFor();
    assert.match(await item.innerText(), /Switchboard/);
    await wb.screenshot('foundation-status-bar');
  });
});
