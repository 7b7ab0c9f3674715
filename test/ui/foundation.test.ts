import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkbench, projectRoot, type Workbench } from './harness';

describe('foundation UI', function () {
  let wb: Workbench;

  before(async function () {
    wb = await openWorkbench();
  });

  after(async function () {
    await wb?.close();
  });

  it('shows the Switchboard container with the MCP Tools view and the example workspace\'s server', async function () {
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
    const sidebar = wb.page.locator('.part.sidebar');
    // With one view in the container, VS Code folds the view's name into the container title.
    const title = sidebar.locator('.composite.title .title-label');
    await title.filter({ hasText: 'MCP Tools' }).waitFor();
    assert.match(await title.innerText(), /^switchboard: mcp tools$/i);
    // examples/workspace/.vscode/mcp.json defines one server; it stays stopped until first use.
    await sidebar.locator('.monaco-list-row', { hasText: 'everything' }).filter({ hasText: 'stopped' }).waitFor();
    await wb.statusItem('switchboard.costMeter').waitFor(); // opening the view activated the extension
    await wb.screenshot('foundation-container');
  });

  it('shows the cost meter in the status bar: nothing spent yet today', async function () {
    const item = wb.statusItem('switchboard.costMeter');
    // "Switchboard" until the ledger has opened (a few seconds after start-up), then the day's total.
    await item.filter({ hasText: '$0.00 today' }).waitFor();
    assert.match(await item.innerText(), /^\S*\s*\$0\.00 today$/);
    await wb.screenshot('foundation-status-bar');
  });

  it('shows notifications as toasts, as a user\'s VS Code does (no smoke-test driver hiding them)', async function () {
    await wb.runCommand('Switchboard: Show Cache Stats');
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Switchboard:' });
    await toast.waitFor({ state: 'visible' });
    assert.match(await toast.innerText(), /Switchboard: .*cache/i);
    await toast.getByRole('button', { name: 'Clear Response Cache' }).waitFor();
    await wb.screenshot('foundation-toast');
  });
});

describe('welcome content', function () {
  it('offers to add a server or import Claude Desktop\'s when nothing is configured', async function () {
    const wb = await openWorkbench({ workspace: join(projectRoot, 'test', 'fixtures', 'workspace') });
    try {
      await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
      const sidebar = wb.page.locator('.part.sidebar');
      await sidebar.getByText('No MCP servers are configured yet.').waitFor();
      const welcome = sidebar.getByRole('region', { name: 'Welcome' });
      await welcome.getByRole('button', { name: 'Add MCP Server' }).waitFor();
      await welcome.getByRole('button', { name: 'Import from Claude Desktop config' }).waitFor();
      await wb.screenshot('foundation-welcome');
    } finally {
      await wb.close();
    }
  });
});
