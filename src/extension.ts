// The one composition root: builds Switchboard's services and owns their disposal.
import * as vscode from 'vscode';
import { isSqlJsLoaded, loadSqlJs } from './core/usage/sqljs';
import { registerCommands } from './vscode/commands';
import { createStatusItem } from './vscode/statusBar';
import { ToolTreeProvider } from './vscode/toolTree';
import { LedgerHost } from './vscode/usage/ledgerHost';
import { usageCommands } from './vscode/usage/usageCommands';

let usage: LedgerHost | undefined;

/** What activate() returns: a small surface for the host tests, not a public API. */
export interface SwitchboardApi {
  readonly diagnostics: {
    sqlJsLoaded(): boolean;
    runningServers(): number;
  };
  loadSqlJs(): ReturnType<typeof loadSqlJs>;
}

export function activate(context: vscode.ExtensionContext): SwitchboardApi {
  const log = vscode.window.createOutputChannel('Switchboard', { log: true });
  context.subscriptions.push(log);

  const tools = new ToolTreeProvider();
  context.subscriptions.push(tools, vscode.window.createTreeView('switchboard.tools', { treeDataProvider: tools }));
  context.subscriptions.push(createStatusItem());
  // The usage ledger opens on first use (a record, a query, a command), never here.
  usage = new LedgerHost(context, log);
  context.subscriptions.push(usage);

  context.subscriptions.push(
    ...registerCommands(
      {
        'switchboard.showLog': () => log.show(true),
        ...usageCommands(usage),
      },
      log,
    ),
  );

  const wasmPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath;
  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated`);
  return {
    diagnostics: { sqlJsLoaded: () => isSqlJsLoaded() || usage?.isOpen() === true, runningServers: () => 0 },
    loadSqlJs: () => loadSqlJs(wasmPath),
  };
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is owned by context.subscriptions; the ledger's final checkpoint is awaited.
  return usage?.close();
}
