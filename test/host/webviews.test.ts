// Tier 2: every webview is rendered with a strict CSP and a fresh nonce, loads only from its
// own folders, and the dashboard's serializer restores a working panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { renderPage, webviewOptions } from '../../src/vscode/webview/html';
import { testSwitchboard } from './context';
import { extension } from './harness';

suite('webviews', () => {
  test('pages get default-src none, a fresh nonce per render, and only the folders they load from', () => {
    const uri = extension().extensionUri;
    const panel = vscode.window.createWebviewPanel('switchboard.test', 'CSP test', vscode.ViewColumn.Active, webviewOptions(uri));
    try {
      const render = () => renderPage(panel.webview, uri, { title: '<b>title</b>', script: 'dashboard.js', body: '<main></main>' });
      const [a, b] = [render(), render()];
      const csp = /content="([^"]+)"/.exec(a)?.[1] ?? '';
      assert.match(csp, /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src /);
      const nonce = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1];
      assert.ok(nonce(a) && nonce(a) !== nonce(b), 'each render has its own nonce');
      assert.ok(a.includes('<title>&#60;b&#62;title&#60;/b&#62;</title>'), 'the title is escaped');
      const roots = (webviewOptions(uri).localResourceRoots ?? []).map((r) => r.path.slice(uri.path.length));
      assert.deepEqual(roots, ['/dist/webview', '/media/css']);
    } finally {
      panel.dispose();
    }
  });

  test('the dashboard serializer brings a restored panel back to life', async () => {
    const ctx = testSwitchboard();
    const dashboard = ctx.sb.dashboard;
    const panel = vscode.window.createWebviewPanel('switchboard.dashboard', 'Switchboard Usage', vscode.ViewColumn.Active, { enableScripts: true });
    const before = dashboard.sent.length;
    await dashboard.deserializeWebviewPanel(panel, { range: { kind: '7d' } });
    const deadline = Date.now() + 20_000;
    let data: (typeof dashboard.sent)[number] | undefined;
    while (!data && Date.now() < deadline) {
      data = dashboard.sent.slice(before).find((m) => m.type === 'data');
      if (!data) await new Promise((r) => setTimeout(r, 100));
    }
    // The page's own restored state decides the range (a panel made here has none, so its default).
    assert.ok(data && data.type === 'data', 'the restored page loaded, handshook and received its data');
    assert.equal(dashboard.isOpen, true);
    panel.dispose();
    assert.equal(dashboard.isOpen, false);
    await ctx.close();
  });
});
