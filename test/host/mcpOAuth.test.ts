// Host tier: an MCP server behind OAuth, as the tree and the commands show it. The loopback
// authorization server and the MCP server it protects (test/fixtures/mcp/oauthServers.ts) run in
// this extension host; the sign-in's browser is the context's ScriptedBrowser, which follows the
// authorization URL over HTTP and presses Allow or Deny on the consent page.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { callToolByHand } from '../../src/core/tools/manualCall';
import { Commands } from '../../src/vscode/commandIds';
import { mcpCommands } from '../../src/vscode/mcp/mcpCommands';
import { saveUsageExport } from '../../src/vscode/usage/usageExport';
import type { ExplorerNode } from '../../src/vscode/views/toolExplorer';
import { playBrowser, startProtectedMcp, type ProtectedMcp } from '../fixtures/mcp/oauthServers';
import { testSwitchboard, type TestContext } from './context';
import { setSetting, until } from './harness';
import { type MutableWindow, windowPrompts } from './llm/settingsHelpers';

const SERVER = 'remote';
const win = vscode.window as MutableWindow;
const original = windowPrompts();

/** Every file under `dir` (recursively), with its text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ path, text: readFileSync(path, 'latin1') }));
}

suite('MCP OAuth in the host', () => {
  let ctx: TestContext;
  let mcp: ProtectedMcp;
  const warnings: string[] = [];
  const commands = () => mcpCommands(ctx.sb.mcp);

  const serverNode = async () => ((await ctx.sb.explorer.getChildren()) as ExplorerNode[]).find((n) => n.kind === 'server' && n.name === SERVER)!;
  const serverItem = async () => ctx.sb.explorer.getTreeItem(await serverNode());
  const childTexts = async () => ((await ctx.sb.explorer.getChildren(await serverNode())) as ExplorerNode[]).map((n) => (n.kind === 'tool' ? n.entry.tool : n.kind === 'message' ? n.text : n.kind));

  suiteSetup(async () => {
    mcp = await startProtectedMcp();
    ctx = testSwitchboard();
    win.showWarningMessage = ((message: string) => {
      warnings.push(message);
      return Promise.resolve(undefined);
    }) as MutableWindow['showWarningMessage'];
    win.showInformationMessage = (() => Promise.resolve(undefined)) as MutableWindow['showInformationMessage'];
    await setSetting('mcp.servers', { [SERVER]: { type: 'http', url: mcp.url } });
    await until('the configured server in the pool', () => ctx.sb.mcp.pool.servers().includes(SERVER));
  });

  suiteTeardown(async () => {
    Object.assign(win, original);
    await setSetting('mcp.servers', undefined);
    await ctx?.close();
    await mcp?.close();
  });

  test('a server behind OAuth shows "sign in required" with the Sign In action, and opens no browser by itself', async () => {
    const [shown, ...more] = await childTexts(); // expanding it connects it: a 401
    assert.match(shown ?? '', /sign in required: the server needs you to sign in/);
    assert.deepEqual(more, []);
    const item = await serverItem();
    assert.match(String(item.description), /^sign in required/);
    assert.equal(item.contextValue, 'server.signin', 'the contextValue the Sign In menu entries match');
    assert.match(String(item.tooltip), /Sign in required: /);
    assert.deepEqual(ctx.browser.opened, [], 'a background connect opens no browser');
  });

  test('denied consent shows its own reason in the tree and in the warning', async () => {
    ctx.browser.visit = (url) => playBrowser(url, 'deny');
    await commands()[Commands.signInServer]!(SERVER);
    await Promise.all(ctx.browser.visits);
    assert.equal(ctx.browser.opened.length, 1);
    assert.match(warnings.at(-1) ?? '', /sign-in to MCP server "remote" failed: .*access was denied on the authorization page/);
    assert.match(String((await serverItem()).description), /^sign in required/);
    assert.match(String((await serverItem()).tooltip), /Sign in required: access was denied on the authorization page/);
    assert.deepEqual(await childTexts(), ['access was denied on the authorization page']);
  });

  test('Sign In opens the authorization page in the browser; after Allow the server runs with its tools listed', async () => {
    ctx.browser.visit = (url) => playBrowser(url, 'allow');
    await commands()[Commands.signInServer]!(SERVER);
    await Promise.all(ctx.browser.visits);
    const url = ctx.browser.opened.at(-1)!;
    assert.equal(`${url.origin}/`, mcp.issuer, 'the authorization server discovered from the MCP server');
    assert.equal(url.pathname, '/authorize');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(ctx.sb.mcp.pool.status(SERVER)?.state, 'running');
    const item = await serverItem();
    assert.equal(item.description, 'running · 2 tools');
    assert.equal(item.contextValue, 'server.running');
    assert.deepEqual(await childTexts(), ['whoami', 'report']);
    const result = await callToolByHand(ctx.sb.mcp.executor, ctx.sb.usage, `${SERVER}/whoami`, {});
    assert.equal(result.isError, false);
  });

  test('the access token is found nowhere: settings, logs, the ledger, exports', async () => {
    const token = [...mcp.authority.tokens.keys()].at(-1)!;
    const refresh = [...mcp.authority.refreshTokens.keys()].at(-1)!;
    assert.ok(mcp.bearers.includes(`Bearer ${token}`), 'the tool call carried this token');
    assert.ok((await ctx.storage.secrets.get((await ctx.storage.secrets.keys())[0]!))?.includes(token), 'SecretStorage holds it');

    await ctx.sb.ledger.get().checkpoint(); // the tool call, in the journal and the database
    const exportFile = join(ctx.storage.folder, 'export');
    for (const format of ['json', 'csv'] as const) {
      win.showSaveDialog = () => Promise.resolve(vscode.Uri.file(`${exportFile}.${format}`));
      await saveUsageExport(ctx.sb.ledger, { kind: 'today' }, format);
    }
    // The server's log channel is written to disk a little later: wait for its sign-in line.
    const scratch = process.env.SWITCHBOARD_TEST_SCRATCH;
    assert.ok(scratch, 'the host test runner names its scratch folder (user data, logs, workspace)');
    await until('the server log on disk', () => filesUnder(scratch).some((f) => /Switchboard MCP\W+remote\.log$/.test(f.path) && f.text.includes('signed in')));
    const files = [...filesUnder(scratch), ...filesUnder(ctx.storage.folder)];
    const named = (re: RegExp) => files.filter((f) => re.test(f.path));
    // Each place was looked at and holds what this suite did there, so "absent" means something.
    assert.ok(named(/User[/\\]settings\.json$/).some((f) => f.text.includes(mcp.url)), 'the user settings name the server');
    assert.ok(named(/\.vscode[/\\]settings\.json$/).length > 0, 'the workspace settings');
    assert.ok(named(/\.log$/).some((f) => f.text.includes('signed in')), 'the logs');
    assert.ok(named(/global[/\\]/).some((f) => f.text.includes('whoami')), 'the ledger holds the tool call');
    assert.ok(named(/export\.json$/).some((f) => f.text.includes('whoami')), 'the JSON export holds the tool call');
    assert.ok(named(/export\.csv$/).some((f) => f.text.startsWith('id,execution_id,')), 'the CSV export (LLM calls only)');
    for (const secret of [token, refresh]) {
      assert.deepEqual(files.filter((f) => f.text.includes(secret)).map((f) => f.path), [], 'files that hold a token');
    }
  });

  test('Sign Out forgets the sign-in: the server stops and shows "sign in required" again', async () => {
    assert.equal(ctx.sb.mcp.pool.status(SERVER)?.state, 'running');
    await commands()[Commands.signOutServer]!(SERVER);
    assert.equal(ctx.sb.mcp.pool.status(SERVER)?.state, 'stopped');
    assert.match(String((await serverItem()).description), /^sign in required/);
    assert.deepEqual(await ctx.storage.secrets.keys(), []);
  });
});
