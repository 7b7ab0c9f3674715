import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, extension, manifest } from './harness';

suite('activation', () => {
  test('activation is lazy: no "*", only after startup or on use', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
    assert.ok(events.includes('onStartupFinished'), 'the cost meter appears once the window has started');
  });

  test('activation loads neither sql.js nor any MCP server', async () => {
    const sb = await api();
    assert.equal(extension().isActive, true);
    assert.deepEqual(sb.diagnostics.atActivation, { sqlJsLoaded: false, runningServers: 0 });
  });

  test('a clean start logs no PendingMigrationError: nothing in the bundle reads the global navigator', async () => {
    // VS Code's extension host replaces Node's global `navigator` with a getter that reports
    // PendingMigrationError, with the reader's stack, to its own log (remoteexthost.log).
    const sb = await api();
    await vscode.commands.executeCommand('switchboard.tools.focus');
    await sb.loadSqlJs();
    const scratch = process.env.SWITCHBOARD_TEST_SCRATCH;
    assert.ok(scratch, 'the host test runner names its scratch folder');
    const logs = readdirSync(scratch, { recursive: true, encoding: 'utf8' }).filter((f) => /exthost\.log$/.test(f));
    assert.ok(logs.length > 0, `no extension host log under ${scratch}`);
    // The test files load their own unbundled dependencies into this host: only readers in dist/ count.
    const bundle = join(extension().extensionPath, 'dist');
    const readers = logs.flatMap((f) => navigatorReaders(readFileSync(join(scratch, f), 'utf8')));
    assert.deepEqual(readers.filter((frame) => frame.includes(bundle)), []);
  });

  test('registers every command the manifest contributes', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest().contributes.commands.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  test('contributes the Switchboard container with the MCP Tools view', async () => {
    const m = manifest().contributes;
    assert.deepEqual(m.viewsContainers.activitybar.map((c) => c.title), ['Switchboard']);
    assert.equal(m.views.switchboard?.[0]?.name, 'MCP Tools');
    // VS Code generates these commands only for containers and views it has registered.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('workbench.view.extension.switchboard'), 'container is not registered');
    assert.ok(registered.has('switchboard.tools.focus'), 'view is not registered');
    await vscode.commands.executeCommand('switchboard.tools.focus');
  });

  test('Show Log runs', async () => {
    // Command errors are caught (and shown to the user) by the command map: read its failure list.
    const sb = await api();
    const before = sb.diagnostics.commandFailures.length;
    await vscode.commands.executeCommand('switchboard.showLog');
    assert.deepEqual(sb.diagnostics.commandFailures.slice(before), []);
  });

  test('the status-bar item exists and is shown', async () => {
    const sb = await api();
    const item = sb.diagnostics.statusItem();
    assert.match(item.text, /^\$\(pulse\) /);
    assert.match(item.tooltip ?? '', /Switchboard/);
  });

  test('sql.js loads its wasm from dist/ on first use', async () => {
    const sb = await api();
    assert.ok(existsSync(join(extension().extensionPath, 'dist', 'sql-wasm.wasm')));
    const SQL = await sb.loadSqlJs();
    const db = new SQL.Database();
    try {
      assert.deepEqual(db.exec('select 1 as one')[0]?.values, [[1]]);
    } finally {
      db.close();
    }
    assert.equal(sb.diagnostics.sqlJsLoaded(), true);
  });
});

/** For each PendingMigrationError in an extension host log, the stack frame that read `navigator`. */
function navigatorReaders(log: string): string[] {
  const lines = log.split('\n');
  const readers: string[] = [];
  lines.forEach((line, i) => {
    if (!line.includes('FROM: PendingMigrationError')) return;
    let reader = '(no stack)';
    for (let j = i + 1; j < lines.length && /^\s+at /.test(lines[j]!); j++) {
      if (!lines[j]!.includes('extensionHostProcess.js')) {
        reader = lines[j]!.trim();
        break;
      }
    }
    readers.push(reader);
  });
  return readers;
}
