// The one composition root: builds Switchboard's services and owns their disposal.
// Nothing slow happens here: the ledger (and sql.js) opens on first use or a few seconds
// after activation for the cost meter; MCP servers connect on first use.
import { errorMessage } from './core/errorMessage';
import * as vscode from 'vscode';
import { CachingProvider } from './core/cache/cachingProvider';
import type { CacheStats } from './core/cache/cacheStats';
import { ResponseCache } from './core/cache/responseCache';
import type { LlmProvider } from './core/llm/provider';
import { callToolByHand } from './core/tools/manualCall';
import { Pricing } from './core/usage/pricing';
import { RecordingProvider } from './core/usage/recordingProvider';
import { isSqlJsLoaded, loadSqlJs } from './core/usage/sqljs';
import { runPrompt, type RunPromptArgs } from './vscode/agent/runPrompt';
import { cacheCommands } from './vscode/cache/cacheCommands';
import { watchCacheSettings } from './vscode/cache/cacheSettings';
import { registerCommands } from './vscode/commands';
import { affectsSection, onConfigChange, readConfig } from './vscode/config';
import { DASHBOARD_VIEW_TYPE, DashboardController } from './vscode/dashboard/dashboardPanel';
import { createProviderHost } from './vscode/llm/providerHost';
import { pickProvider, showProviderError } from './vscode/llm/providerUi';
import { mcpCommands } from './vscode/mcp/mcpCommands';
import { McpService } from './vscode/mcp/mcpService';
import { mcpTimingsCommand } from './vscode/mcp/mcpTimingsCommand';
import { createStatusItem } from './vscode/statusBar';
import { LedgerHost } from './vscode/usage/ledgerHost';
import { usageCommands } from './vscode/usage/usageCommands';
import { UsageHub } from './vscode/usage/usageHub';
import { CostMeter, setBudget } from './vscode/views/costMeter';
import { explorerCommands } from './vscode/views/explorerCommands';
import { ToolExplorer } from './vscode/views/toolExplorer';
import { createToolTreeView } from './vscode/views/toolTreeView';
import { CallToolPanel } from './vscode/webview/callToolPanel';
import { panelTransport, type WebviewPorts } from './vscode/webview/webviewHost';

/** Opening the ledger for the cost meter waits this long, so activation stays cheap. */
const LEDGER_WARMUP_MS = 2500;

let ledger: LedgerHost | undefined;

/** What activate() returns: a small surface for the host tests, not a public API. */
export interface SwitchboardApi {
  readonly diagnostics: {
    /** The state as activate() returned: neither the ledger nor any server may be open yet. */
    readonly atActivation: { sqlJsLoaded: boolean; runningServers: number };
    /** True once sql.js is loaded here or the ledger (which loads it in its worker) is open. */
    sqlJsLoaded(): boolean;
    runningServers(): number;
    statusItem(): { text: string; tooltip: string | undefined; background: string | undefined };
    cacheStats(): CacheStats;
    /** `command: message` for every command that failed since activation. */
    readonly commandFailures: readonly string[];
  };
  loadSqlJs(): ReturnType<typeof loadSqlJs>;
  readonly services: {
    readonly mcp: McpService;
    readonly usage: UsageHub;
    readonly ledger: LedgerHost;
    readonly dashboard: DashboardController;
    readonly callTool: CallToolPanel;
    readonly explorer: ToolExplorer;
    readonly meter: CostMeter;
    runPrompt(args: RunPromptArgs): ReturnType<typeof runPrompt>;
  };
}

export function activate(context: vscode.ExtensionContext): SwitchboardApi {
  const log = vscode.window.createOutputChannel('Switchboard', { log: true });
  const subs = context.subscriptions;
  subs.push(log);

  // Usage: every record goes through the hub into the lazily opened ledger.
  let pricing: Pricing | undefined;
  const prices = () => (pricing ??= new Pricing(readConfig().pricing.overrides));
  ledger = new LedgerHost(context, log);
  const usage = new UsageHub(ledger, prices, log);
  subs.push(ledger, usage, vscode.workspace.onDidChangeConfiguration((e) => affectsSection(e, 'pricing') && (pricing = undefined)));

  // LLM calls: provider → recorder (upstream calls only) → response cache (records its hits).
  const providers = createProviderHost(context, log);
  const cache = new ResponseCache(readConfig().cache, { log, usage, costs: { cost: (k, m, u) => prices().cost(k, m, u) } });
  subs.push(providers, watchCacheSettings(cache, log));
  const wrapped = new WeakMap<LlmProvider, LlmProvider>();
  const llm = (providerId: string): LlmProvider => {
    const base = providers.pool.require(providerId);
    let p = wrapped.get(base);
    if (!p) wrapped.set(base, (p = new CachingProvider(new RecordingProvider(base, usage, Date.now, log), cache)));
    return p;
  };

  // MCP: config is read after activation returns; servers connect on first use (or `eager`).
  const mcp = new McpService(context, log, usage);
  subs.push(mcp);
  setTimeout(() => void mcp.load().catch((err: unknown) => log.error(`MCP configuration failed to load: ${errorMessage(err)}`)), 0);

  // Surfaces.
  const explorer = new ToolExplorer(mcp.pool, mcp.registry, (server) => mcp.connect(server), mcp);
  const tree = createToolTreeView(explorer, mcp.whenLoaded());
  const statusItem = createStatusItem();
  const meter = new CostMeter(statusItem, usage, () => readConfig().costMeter, context.globalState, log);
  const webviews: WebviewPorts = { extensionUri: context.extensionUri, transport: panelTransport, log };
  const dashboard = new DashboardController(webviews, usage);
  const callTool = new CallToolPanel(webviews, { run: (name, args) => callToolByHand(mcp.executor, usage, name, args) });
  subs.push(explorer, tree, statusItem, meter, dashboard, callTool, vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, dashboard));
  subs.push(onConfigChange(['costMeter'], () => void meter.update()));
  const warmup = setTimeout(() => {
    usage.watchOtherWindows();
    void meter.update();
  }, LEDGER_WARMUP_MS);
  subs.push({ dispose: () => clearTimeout(warmup) });

  const run = (args: RunPromptArgs = {}) =>
    runPrompt(
      {
        webviews,
        log,
        providerConfigs: () => providers.pool.configs(),
        pickProvider,
        llm,
        registry: mcp.registry,
        executor: mcp.executor,
        prepareTools: () => mcp.warmUp(),
        usage,
        pricing: prices,
        limits: () => readConfig().agent,
        showProviderError: (err) => showProviderError(err, log),
      },
      args,
    );

  const commandFailures: string[] = [];
  subs.push(
    ...registerCommands(
      {
        'switchboard.showLog': () => log.show(true),
        'switchboard.showDashboard': () => dashboard.show(),
        'switchboard.setBudget': (period?: unknown, amount?: unknown) => setBudget(period, amount),
        'switchboard.runPrompt': (args?: unknown) => run(typeof args === 'object' && args ? (args as RunPromptArgs) : {}),
        ...providers.commands,
        ...cacheCommands(cache, log),
        ...usageCommands(ledger, log),
        ...mcpCommands(mcp),
        ...mcpTimingsCommand(mcp.pool, () => ledgerHost.get(), log),
        ...explorerCommands(mcp, explorer, callTool),
      },
      log,
      commandFailures,
    ),
  );

  const wasmPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath;
  log.info(`Switchboard ${context.extension.packageJSON.version as string} activated`);
  const ledgerHost = ledger;
  return {
    diagnostics: {
      atActivation: { sqlJsLoaded: isSqlJsLoaded() || ledgerHost.isOpen(), runningServers: mcp.runningServers() },
      sqlJsLoaded: () => isSqlJsLoaded() || ledgerHost.isOpen(),
      runningServers: () => mcp.runningServers(),
      statusItem: () => ({
        text: statusItem.text,
        tooltip: typeof statusItem.tooltip === 'string' ? statusItem.tooltip : statusItem.tooltip?.value,
        background: (statusItem.backgroundColor as { id?: string } | undefined)?.id,
      }),
      cacheStats: () => cache.stats(),
      commandFailures,
    },
    loadSqlJs: () => loadSqlJs(wasmPath),
    services: { mcp, usage, ledger: ledgerHost, dashboard, callTool, explorer, meter, runPrompt: run },
  };
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is owned by context.subscriptions; the ledger's final checkpoint is awaited.
  return ledger?.close();
}
