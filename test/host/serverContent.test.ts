// Host tier: a server's resources and prompts in the MCP Tools tree, against server-everything.
// A resource opens as a read-only document in a real editor; a prompt asks its arguments through
// input boxes and hands the rendered text on to Run Prompt.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ResourceDocuments } from '../../src/vscode/mcp/resourceDocuments';
import type { ContentNode } from '../../src/vscode/views/contentNodes';
import { runServerPrompt } from '../../src/vscode/views/serverPrompt';
import type { ExplorerNode } from '../../src/vscode/views/toolExplorer';
import { testSwitchboard, type TestContext } from './context';
import { activated, until } from './harness';
import { type MutableWindow, windowPrompts } from './llm/settingsHelpers';

const EVERYTHING = join(__dirname, '..', '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const win = vscode.window as MutableWindow;
const original = windowPrompts();

suite('resources and prompts in the explorer', () => {
  let ctx: TestContext;
  const docs: vscode.Disposable[] = [];

  suiteSetup(async () => {
    await activated();
    ctx = testSwitchboard();
    await vscode.workspace.getConfiguration('switchboard').update('mcp.servers', { everything: { type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] } }, vscode.ConfigurationTarget.Global);
    await until('server-everything in the pool', () => ctx.sb.mcp.pool.servers().includes('everything'));
  });
  suiteTeardown(async () => {
    Object.assign(win, original);
    for (const d of docs) d.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('switchboard').update('mcp.servers', undefined, vscode.ConfigurationTarget.Global);
    await ctx.close();
  });

  const children = async (node?: ExplorerNode) => (await ctx.sb.explorer.getChildren(node)) as ExplorerNode[];

  test('a server lists its resources, and Read opens one read-only in an editor', async () => {
    const server = (await children()).find((n) => n.kind === 'server' && n.name === 'everything')!;
    const groups = (await children(server)).filter((n) => n.kind === 'resources' || n.kind === 'prompts');
    assert.deepEqual(groups.map((g) => g.kind), ['resources', 'prompts']);
    const resources = (await children(groups[0])) as ContentNode[];
    const text = resources.find((n) => n.kind === 'resource' && n.item.mimeType?.startsWith('text/'));
    assert.ok(text?.kind === 'resource', JSON.stringify(resources.slice(0, 3)));
    assert.equal(ctx.sb.explorer.getTreeItem(text).command?.title, 'Read');

    // The installed extension answers the product scheme; this Switchboard's documents get their own.
    const documents = new ResourceDocuments(ctx.sb.mcp.pool, 'switchboard-mcp-resource-test');
    docs.push(vscode.workspace.registerTextDocumentContentProvider(documents.scheme, documents));
    const editor = await documents.open('everything', text.item.uri, text.item.name);
    assert.equal(editor.document.uri.scheme, 'switchboard-mcp-resource-test');
    assert.ok(editor.document.getText().length > 0);
    assert.equal(editor.document.isDirty, false);
  });

  test('a prompt asks for its arguments and sends the rendered text to Run Prompt', async () => {
    const server = (await children()).find((n) => n.kind === 'server' && n.name === 'everything')!;
    const prompts = (await children((await children(server)).find((n) => n.kind === 'prompts'))) as ContentNode[];
    const args = prompts.find((n) => n.kind === 'prompt' && n.item.name === 'args-prompt');
    assert.ok(args?.kind === 'prompt');
    const titles: string[] = [];
    win.showInputBox = (options?: vscode.InputBoxOptions) => {
      titles.push(options?.title ?? '');
      return Promise.resolve(titles.length === 1 ? 'Oslo' : '');
    };
    let sent = '';
    assert.equal(await runServerPrompt(ctx.sb.mcp.pool, 'everything', args.item, async (p) => void (sent = p)), true);
    assert.deepEqual(titles, ['Arguments Prompt (everything): city', 'Arguments Prompt (everything): state (optional)']);
    assert.match(sent, /weather in Oslo\?/);
  });
});
