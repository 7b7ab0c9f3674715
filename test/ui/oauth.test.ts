// Tier 3: signing in to an MCP server behind OAuth as a user does it. The loopback authorization
// server and the MCP server it protects run in this test's process; the workbench's Sign In
// action opens the authorization page through vscode.env.openExternal, which in the browser
// workbench is a new tab of the same Chromium: the test presses Allow there and watches the tree.
// The browser workbench sends a loopback URL through its port proxy (`<workbench>/proxy/<port>/…`,
// as code-server serves it); the bare VS Code server this harness runs has no such route, so the
// test's browser context plays code-server's proxy for those requests.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startProtectedMcp, type ProtectedMcp } from '../fixtures/mcp/oauthServers';
import { openWorkbench, projectRoot, screenshotDir, type Workbench } from './harness';

describe('MCP OAuth UI', function () {
  let wb: Workbench;
  let mcp: ProtectedMcp;

  before(async function () {
    mcp = await startProtectedMcp();
    wb = await openWorkbench({
      workspace: join(projectRoot, 'test', 'fixtures', 'workspace'),
      settings: { 'switchboard.mcp.servers': { remote: { type: 'http', url: mcp.url } } },
    });
    await emulatePortProxy(wb);
    await wb.page.locator('.activitybar [aria-label^="Switchboard"]').first().click();
  });

  after(async function () {
    await wb?.close();
    await mcp?.close();
  });

  /** What code-server does for `/proxy/<port>/<path>`: the same request to 127.0.0.1:<port>/<path>, redirects passed back. */
  async function emulatePortProxy(w: Workbench): Promise<void> {
    const proxied = new RegExp(`^${new URL(w.url).origin}/proxy/(\\d+)(/.*)$`);
    await w.page.context().route(proxied, async (route) => {
      const [, port, rest] = proxied.exec(route.request().url())!;
      await route.fulfill({ response: await route.fetch({ url: `http://127.0.0.1:${port}${rest}`, maxRedirects: 0 }) });
    });
  }

  const row = () => wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'remote' }).first();

  it('shows "sign in required" with a Sign In action once the server answers 401', async function () {
    await row().waitFor();
    await row().click(); // expanding a server is a use: it connects, and meets the 401
    await row().filter({ hasText: 'sign in required' }).waitFor();
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'the server needs you to sign in' }).waitFor();
    await row().hover();
    await row().getByRole('button', { name: 'Sign In to MCP Server' }).waitFor();
    await wb.screenshot('oauth-sign-in-required');
  });

  it('Sign In opens the consent page in a new tab; Allow brings the server up with its tools', async function () {
    const opened = wb.page.context().waitForEvent('page');
    await row().hover();
    await row().getByRole('button', { name: 'Sign In to MCP Server' }).click();
    const consent: Page = await opened;
    await consent.locator('#allow').waitFor();
    // The authorization endpoint the MCP server's authorization server named, through the workbench's port proxy.
    const asPort = new URL(mcp.issuer).port;
    assert.equal(new URL(consent.url()).pathname, `/proxy/${asPort}/authorize`);
    assert.equal(await consent.locator('h1').innerText(), 'Allow Switchboard?');
    // Meanwhile the workbench says where the sign-in is waiting.
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'finish in your browser' }).waitFor();
    await wb.screenshot('oauth-signing-in');
    await consent.screenshot({ path: join(screenshotDir, 'oauth-consent-page.png') });
    console.log(`      screenshot: ${join(screenshotDir, 'oauth-consent-page.png')}`);

    await consent.locator('#allow').click();
    await consent.locator('h1', { hasText: 'Signed in' }).waitFor();
    assert.match(consent.url(), /^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    await consent.close();

    await row().filter({ hasText: 'running' }).filter({ hasText: '2 tools' }).waitFor();
    const sidebar = wb.page.locator('.part.sidebar');
    for (const tool of ['whoami', 'report']) await sidebar.locator('.monaco-list-row', { hasText: tool }).first().waitFor();
    assert.ok(mcp.bearers.some((b) => b.startsWith('Bearer at-')), 'the MCP server received the access token');
    await wb.screenshot('oauth-running');
  });
});
