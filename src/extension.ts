// The one composition root: builds Switchboard's services and owns their disposal.
import * as vscode from 'vscode';
import { isSqlJsLoaded, loadSqlJs } from './core/usage/sqljs';
import { registerCommands } from './vscode/commands';
import { mcpCommands } from './vscode/mcp/mcpCommands';
import { McpService } from './vscode/mcp/mcpService';
import { createStatusItem } from './vscode/statusBar';
import { ToolTreeProvider } from './vscode/toolTree';

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

  // Until the usage ledger is wired here, tool-call records go nowhere.
  const usage = { recordCall: () => undefined, recordToolCall: () => undefined, recordExecution: () => undefined };
  const mcp = new McpService(context, log, usage);
  context.subscriptions.push(mcp);
  // Config is read after activation returns; servers connect on first use (or `eager`).
  setTimeout(() => void mcp.load().catch((err: unknown) => log.error(`MCP configuration failed to load: ${String(err)}`)), 0);

  context.subscriptions.push(
    ...registerCommands(
      {
        'switchboard.showLog': () => log.show(true),
        ...mcpCommands(mcp),
      },
      log,
    ),
  );

  const wasmPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath;
  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated`);
  return {
    diagnostics: { sqlJsLoaded: isSqlJsLoaded, runningServers: () => mcp.runningServers() },
    loadSqlJs: () => loadSqlJs(wasmPath),
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
