// Tier 2: every webview is rendered with a strict CSP and a fresh nonce, loads only from its
// own folders; the real pages handshake over the channel (watched through its transport), the
// host answers their requests by id, and the dashboard's serializer restores a working panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DashboardData } from '../../media/protocol';
import { ToolCallError } from '../../src/core/mcp/errors';
import type { ToolEntry } from '../../src/core/mcp/registry';
import type { ToolResult } from '../../src/core/tools/normalizeResult';
import { CallToolPanel } from '../../src/vscode/webview/callToolPanel';
import { renderPage, webviewOptions } from '../../src/vscode/webview/html';
import { RunPanel } from '../../src/vscode/webview/runPanel';
import { testSwitchboard } from './context';
import { extension } from './harness';
import { until, WebviewProbe } from './webviewProbe';

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
      // The CSP's nonce is the one every script carries: a mismatch would leave the page dead.
      const cspNonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      const scripts = a.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(scripts.length > 0, 'the page loads a script');
      for (const tag of scripts) assert.equal(/nonce="([^"]+)"/.exec(tag)?.[1], cspNonce, `${tag} carries the CSP nonce`);
      assert.ok(a.includes('<title>&#60;b&#62;title&#60;/b&#62;</title>'), 'the title is escaped');
      const roots = (webviewOptions(uri).localResourceRoots ?? []).map((r) => r.path.slice(uri.path.length));
      assert.deepEqual(roots, ['/dist/webview', '/media/css']);
    } finally {
      panel.dispose();
    }
  });

  test('the dashboard serializer brings a restored panel back to life: the page handshakes and gets its data', async () => {
    const probe = new WebviewProbe();
    const ctx = testSwitchboard({ webviewTransport: probe.transport });
    const dashboard = ctx.sb.dashboard;
    try {
      const panel = vscode.window.createWebviewPanel('switchboard.dashboard', 'Switchboard Usage', vscode.ViewColumn.Active, { enableScripts: true });
      await dashboard.deserializeWebviewPanel(panel, { range: { kind: '7d' } });
      const answer = await until('the answer to the page’s load request', () => probe.answerTo('dashboard/load'));
      assert.equal(probe.readies, 1);
      // The page's own restored state decides the range (a panel made here has none, so its default).
      assert.ok(answer.ok && (answer.result as DashboardData).range.choice.kind === '30d', JSON.stringify(answer).slice(0, 300));
      assert.equal(dashboard.isOpen, true);
      panel.dispose();
      assert.equal(dashboard.isOpen, false);
    } finally {
      await ctx.close();
      probe.dispose();
    }
  });

  test('the Run panel holds the run’s messages until its page is ready, then sends them in order', async () => {
    const probe = new WebviewProbe();
    let cancelled = 0;
    const panel = new RunPanel(probe.ports, { title: 'A queued run', provider: 'Fixture', model: 'm' }, () => cancelled++);
    try {
      panel.onEvent({ type: 'run-start', executionId: 'exec-1', title: 'A queued run' });
      panel.onEvent({ type: 'step-start', step: 1 });
      panel.onEvent({ type: 'text-delta', text: 'Hello' });
      assert.equal(probe.toPage.length, 0, 'nothing is posted before the page says it is ready');
      await until('the page’s ready', () => probe.readies === 1);
      await until('the queued messages', () => probe.toPage.length === 4);
      assert.deepEqual(probe.toPage.map((m) => (m.kind === 'notification' ? m.method : m.kind)), ['run/start', 'run/event', 'run/event', 'run/event']);
      assert.deepEqual(probe.notifications('run/event').at(-1), { type: 'text-delta', text: 'Hello' });
      // Cancel is a notification without params: anything else is refused, not acted on.
      probe.asPage({ kind: 'notification', method: 'run/cancel', params: { all: true } });
      probe.asPage({ type: 'cancel' });
      assert.equal(cancelled, 0);
      probe.asPage({ kind: 'notification', method: 'run/cancel' });
      assert.equal(cancelled, 1);
    } finally {
      panel.dispose();
      probe.dispose();
    }
  });

  test('Call Tool answers the page’s call request by id: a result, a schema refusal, or an error', async () => {
    const probe = new WebviewProbe();
    const answers: Record<string, () => ToolResult> = {
      ok: () => ({ server: 'fixture', tool: 'add', content: [{ kind: 'text', text: '{"sum":3}' }], text: '{"sum":3}', isError: false, durationMs: 12 }),
      invalid: () => {
        throw new ToolCallError('invalid-arguments', 'bad arguments', 'fixture', 'add', { details: ['/a must be number'] });
      },
      broken: () => {
        throw new Error('the server went away');
      },
    };
    const callTool = new CallToolPanel(probe.ports, { run: async (_name, args) => answers[String(args.mode)]!() });
    try {
      const inputSchema = { type: 'object' as const };
      const definition = { name: 'add', description: 'Adds.', inputSchema };
      const entry: ToolEntry = { qualifiedName: 'fixture/add', server: 'fixture', tool: 'add', functionName: 'fixture__add', description: 'Adds.', inputSchema, definition, version: 1 };
      callTool.show(entry);
      await until('the tool shown to the ready page', () => probe.readies === 1 && probe.notifications('callTool/tool').length === 1);
      const call = (id: number, mode: string) => probe.asPage({ kind: 'request', id, method: 'callTool/call', params: { callId: id, args: { mode } } });
      call(101, 'ok');
      call(102, 'invalid');
      call(103, 'broken');
      probe.asPage({ kind: 'request', id: 104, method: 'callTool/call', params: { callId: 104, args: 'not an object' } });
      const byId = await until('four answers', () => {
        const responses = probe.toPage.filter((m) => m.kind === 'response');
        return responses.length === 4 && new Map(responses.map((r) => [r.id, r]));
      });
      assert.deepEqual(byId.get(101), { kind: 'response', id: 101, ok: true, result: { kind: 'result', isError: false, durationMs: 12, parts: [{ kind: 'json', json: '{\n  "sum": 3\n}' }] } });
      assert.deepEqual(byId.get(102), { kind: 'response', id: 102, ok: true, result: { kind: 'invalid', errors: ['/a must be number'] } });
      assert.deepEqual(byId.get(103), { kind: 'response', id: 103, ok: false, error: 'the server went away' });
      assert.deepEqual(byId.get(104), { kind: 'response', id: 104, ok: false, error: 'Malformed callTool/call request.' });
    } finally {
      callTool.dispose();
      probe.dispose();
    }
  });
});
