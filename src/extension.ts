// The one composition root: builds Switchboard's services and owns their disposal.
import * as vscode from 'vscode';
import { ResponseCache } from './core/cache/responseCache';
import type { CacheStats } from './core/cache/cacheStats';
import { isSqlJsLoaded, loadSqlJs } from './core/usage/sqljs';
import { cacheCommands, cacheStatsSource } from './vscode/cache/cacheCommands';
import { readCacheOptions, watchCacheSettings } from './vscode/cache/cacheSettings';
import { registerCommands } from './vscode/commands';
import { createProviderHost } from './vscode/llm/providerHost';
import { mcpCommands } from './vscode/mcp/mcpCommands';
import { McpService } from './vscode/mcp/mcpService';
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
    statusItem(): { text: string; tooltip: string | undefined };
    cacheStats(): CacheStats;
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

  const providers = createProviderHost(context, log);
  context.subscriptions.push(providers);
  // Providers are wrapped as new CachingProvider(new RecordingProvider(provider, ledger), cache);
  // pass { costs, usage } from the ledger here once it is wired, so hits are priced and recorded.
  const cache = new ResponseCache(readCacheOptions(), { log });
  const cacheStats = cacheStatsSource(cache);
  context.subscriptions.push(watchCacheSettings(cache, log), cacheStats);
  context.subscriptions.push(createStatusItem());
  // The usage ledger opens on first use (a record, a query, a command), never here.
  usage = new LedgerHost(context, log);
  context.subscriptions.push(usage);

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
        ...providers.commands,
        ...cacheCommands(cache, log),
        ...usageCommands(usage),
        ...mcpCommands(mcp),
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
      cacheStats: () => cacheStats.stats(),
    },
    diagnostics: { sqlJsLoaded: () => isSqlJsLoaded() || usage?.isOpen() === true, runningServers: () => 0 },
    diagnostics: { sqlJsLoaded: isSqlJsLoaded, runningServers: () => mcp.runningServers() },
    loadSqlJs: () => loadSqlJs(wasmPath),
  };
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is owned by context.subscriptions; the ledger's final checkpoint is awaited.
  return usage?.close();
}
