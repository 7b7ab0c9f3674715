import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/vscode/commandIds';
import { testSwitchboard } from './context';
import { activated, errorsShownDuring, extension, manifest, setSetting } from './harness';

suite('activation', () => {
  test('activation is lazy: no "*", only after startup or on use', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents must not contain "*"');
    assert.ok(events.includes('onStartupFinished'), 'the cost meter appears once the window has started');
  });

  test('building Switchboard loads neither sql.js nor any MCP server, even with a server configured', async () => {
    await activated();
    assert.equal(extension().isActive, true);
    const server = join(__dirname, '..', 'fixtures', 'mcp', 'surfaceServer.js');
    await setSetting('mcp.servers', { idle: { type: 'stdio', command: process.execPath, args: [server] } });
    const ctx = testSwitchboard();
    try {
      // sql.js is only ever loaded inside the ledger's worker, so an unopened ledger means no sql.js.
      assert.equal(ctx.sb.ledger.isOpen(), false, 'the ledger (and sql.js in its worker) opens on first use');
      await ctx.sb.mcp.whenLoaded();
      assert.equal(ctx.sb.mcp.pool.status('idle')?.state, 'stopped', 'the configured server is known but not started');
      assert.equal(ctx.sb.mcp.runningServers(), 0);
    } finally {
      await ctx.close();
      await setSetting('mcp.servers', undefined);
    }
  });

  test('a clean start logs no PendingMigrationError: nothing in the bundle reads the global navigator', async () => {
    // VS Code's extension host replaces Node's global `navigator` with a getter that reports
    // PendingMigrationError, with the reader's stack, to its own log (remoteexthost.log).
    await activated();
    await vscode.commands.executeCommand('switchboard.tools.focus');
    await vscode.commands.executeCommand(Commands.showLedgerHealth); // opens the ledger: its worker loads sql.js
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
    await activated();
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
    await activated();
    assert.deepEqual(await errorsShownDuring(() => vscode.commands.executeCommand(Commands.showLog)), []);
  });

  test('the status-bar item exists and is shown', async () => {
    const ctx = testSwitchboard();
    try {
      const item = ctx.statusItem;
      assert.equal(item.visible, true, 'the meter shows its item');
      assert.match(item.text, /^\$\(pulse\) /);
      assert.match(item.tooltipText, /Switchboard/);
      assert.equal(item.command, Commands.showDashboard);
    } finally {
      await ctx.close();
    }
  });

  test('sql.js loads its wasm from dist/ on first use', async () => {
    assert.ok(existsSync(join(extension().extensionPath, 'dist', 'sql-wasm.wasm')));
    const ctx = testSwitchboard();
    try {
      const counts = await ctx.sb.ledger.get().query({ q: 'counts' });
      assert.deepEqual([counts.calls, counts.toolCalls, counts.executions], [0, 0, 0]);
      assert.equal(ctx.sb.ledger.isOpen(), true);
    } finally {
      await ctx.close();
    }
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
