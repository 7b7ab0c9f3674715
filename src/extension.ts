// The one composition root: builds Switchboard's services and owns their disposal.
import * as vscode from 'vscode';
import { isSqlJsLoaded, loadSqlJs } from './core/usage/sqljs';
import { registerCommands } from './vscode/commands';
import { createStatusItem } from './vscode/statusBar';
import { ToolTreeProvider } from './vscode/toolTree';

/** What activate() returns: a small surface for the host tests, not a public API. */
export interface SwitchboardApi {
  readonly diagnostics: {
    sqlJsLoaded(): boolean;
    runningServers(): number;
    statusItem(): { text: string; tooltip: string | undefined };
  };
  loadSqlJs(): ReturnType<typeof loadSqlJs>;
}

export function activate(context: vscode.ExtensionContext): SwitchboardApi {
  const log = vscode.window.createOutputChannel('Switchboard', { log: true });
  context.subscriptions.push(log);

  const tools = new ToolTreeProvider();
  context.subscriptions.push(tools, vscode.window.createTreeView('switchboard.tools', { treeDataProvider: tools }));
  const statusItem = createStatusItem();
  context.subscriptions.push(statusItem);

  context.subscriptions.push(
    ...registerCommands(
      {
        'switchboard.showLog': () => log.show(true),
      },
      log,
    ),
  );

  const wasmPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath;
  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated`);
  return {
    diagnostics: {
      sqlJsLoaded: isSqlJsLoaded,
      runningServers: () => 0,
      statusItem: () => ({ text: statusItem.text, tooltip: typeof statusItem.tooltip === 'string' ? statusItem.tooltip : statusItem.tooltip?.value }),
    },
    loadSqlJs: () => loadSqlJs(wasmPath),
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
