// Host tier: a broken `.vscode/mcp.json` keeps its last good servers, shows the error as a tree
// row that opens the file at the position, and puts a ranged diagnostic in the Problems panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/vscode/commandIds';
import type { Switchboard } from '../../src/vscode/switchboard';
import type { ExplorerNode } from '../../src/vscode/views/toolExplorer';
import { testSwitchboard, type TestContext } from './context';
import { activated } from './harness';

/** The Problems panel's entries from Switchboard for `file`; the installed extension and this test's context report the same ones. */
function switchboardDiagnostics(file: vscode.Uri): [string, number, number, vscode.DiagnosticSeverity][] {
  const all = vscode.languages.getDiagnostics(file).filter((d) => d.source === 'Switchboard');
  const rows = all.map((d): [string, number, number, vscode.DiagnosticSeverity] => [d.message, d.range.start.line, d.range.start.character, d.severity]);
  return [...new Map(rows.map((r) => [JSON.stringify(r), r])).values()];
}

const GOOD = '{\n  "servers": {\n    "kept": { "type": "http", "url": "http://127.0.0.1:9/mcp" }\n  }\n}\n';
// Line 4 lacks the comma after the "kept" entry.
const BROKEN = '{\n  "servers": {\n    "kept": { "type": "http", "url": "http://127.0.0.1:9/mcp" }\n    "other": { "command": "x" }\n  }\n}\n';

suite('a broken MCP config file', () => {
  let ctx: TestContext;
  let sb: Switchboard;
  let file: vscode.Uri;

  const write = async (text: string) => {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    // Both read it now rather than after the watcher's debounce.
    await vscode.commands.executeCommand(Commands.refreshTools);
    await sb.mcp.load();
  };

  suiteSetup(async () => {
    await activated();
    ctx = testSwitchboard();
    sb = ctx.sb;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host tests run in a workspace folder');
    file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    await vscode.commands.executeCommand(Commands.refreshTools);
    await ctx.close();
  });

  test('keeps the last good servers, and shows the error in the tree, the Problems panel and at Open', async () => {
    await write(GOOD);
    assert.deepEqual(sb.mcp.pool.servers(), ['kept']);

    await write(BROKEN);
    assert.deepEqual(sb.mcp.pool.servers(), ['kept'], 'the last good configuration stays');

    const roots = (await sb.explorer.getChildren()) as ExplorerNode[];
    const problem = roots.find((n) => n.kind === 'problem');
    assert.ok(problem, `a problem row in ${JSON.stringify(roots.map((n) => n.kind))}`);
    const item = sb.explorer.getTreeItem(problem);
    assert.equal(item.label, 'mcp.json:4:5 JSON syntax error: expected a comma');
    assert.equal(item.contextValue, 'configProblem', 'the row carries the inline Open action');
    assert.ok(roots.some((n) => n.kind === 'server' && n.name === 'kept'), 'and the kept server is listed below it');

    assert.deepEqual(switchboardDiagnostics(file), [['JSON syntax error: expected a comma', 3, 4, vscode.DiagnosticSeverity.Error]]);

    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, file.fsPath, 'Open shows the file');
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character], [3, 4], 'with the cursor at the error');

    await write(GOOD);
    assert.deepEqual(switchboardDiagnostics(file), [], 'fixing the file clears the diagnostic');
    assert.ok(!((await sb.explorer.getChildren()) as ExplorerNode[]).some((n) => n.kind === 'problem'), 'and the row');
  });

  test('a server with a wrong field is underlined at the field', async () => {
    await write('{\n  "servers": {\n    "n": { "command": 42 }\n  }\n}\n');
    const [d] = vscode.languages.getDiagnostics(file).filter((x) => x.source === 'Switchboard');
    assert.equal(d?.message, 'server "n": "command" must be a string');
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [2, 22, 2, 24]);
  });
});
