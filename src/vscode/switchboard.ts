// Switchboard's services, built from ports and owned by one DisposableStore (rust-analyzer's
// `Ctx` is the model). Construction registers nothing with VS Code globally (no commands, views,
// serializers): contributions.ts does that for the extension, and host tests construct their
// own Switchboard with temporary storage, scripted prompts and their own status item.
// Nothing slow happens here: the ledger (and sql.js) opens on first use or a few seconds later
// for the cost meter; MCP servers connect on first use.
import { CachingProvider } from '../core/cache/cachingProvider';
import { ResponseCache } from '../core/cache/responseCache';
import { errorMessage } from '../core/errorMessage';
import { DisposableStore, type Disposable } from '../core/lifecycle';
import { ContextProvider } from '../core/llm/callContext';
import type { LlmProvider } from '../core/llm/provider';
import type { CallContext } from '../core/llm/types';
import { callToolByHand } from '../core/tools/manualCall';
import { BudgetExceededError } from '../core/usage/budget';
import { BudgetedProvider } from '../core/usage/budgetedProvider';
import type { BudgetCheck } from '../core/usage/budgetedProvider';
import { Pricing } from '../core/usage/pricing';
import { RecordingProvider } from '../core/usage/recordingProvider';
import { runPrompt, type RunPromptArgs } from './agent/runPrompt';
import { watchCacheSettings } from './cache/cacheSettings';
import { ledgerDashboardSource } from './dashboard/dashboardSource';
import { DashboardController } from './dashboard/dashboardPanel';
import { createProviderHost, type ProviderHost } from './llm/providerHost';
import { pickProvider, showProviderError } from './llm/providerUi';
import { GatewayHost } from './gateway/gatewayHost';
import { showGatewayStatus } from './gateway/gatewayStatus';
import { GatewayMcpDefinitions } from './gateway/mcpDefinitions';
import { McpService } from './mcp/mcpService';
import type { SwitchboardPorts } from './ports';
import { TeamHost } from './team/teamHost';
import { teamStatusLines } from './team/teamStatus';
import { budgetCheck, showBudgetRefusal } from './usage/budgetGuard';
import { LedgerHost } from './usage/ledgerHost';
import { ledgerMeterSource } from './usage/meterSource';
import { watchOtherWindows } from './usage/otherWindows';
import { SessionTally } from './usage/sessionTally';
import { UsageHub } from './usage/usageHub';
import { saveUsageExport } from './usage/usageExport';
import { BudgetAlerts } from './views/budgetAlerts';
import { CostMeter } from './views/costMeter';
import { ToolExplorer } from './views/toolExplorer';
import { CallToolPanel } from './webview/callToolPanel';
import type { WebviewPorts } from './webview/webviewHost';
import { elicitationForm } from './webview/elicitationPanel';

/** Opening the ledger for the cost meter waits this long, so activation stays cheap. */
const LEDGER_WARMUP_MS = 2500;
/** New records wake the team shipper at most this often (it also ships every few seconds on its own). */
const TEAM_NUDGE_MS = 1000;

export class Switchboard implements Disposable {
  private readonly store = new DisposableStore();
  readonly ledger: LedgerHost;
  readonly team: TeamHost;
  readonly usage: UsageHub;
  readonly providers: ProviderHost;
  readonly cache: ResponseCache;
  readonly mcp: McpService;
  readonly explorer: ToolExplorer;
  readonly meter: CostMeter;
  readonly dashboard: DashboardController;
  readonly callTool: CallToolPanel;
  readonly gateway: GatewayHost;
  /** The gateway's `/mcp` as VS Code sees it (registered with vscode.lm in contributions.ts). */
  readonly mcpDefinitions: GatewayMcpDefinitions;
  private pricing: Pricing | undefined;
  private readonly wrapped = new WeakMap<LlmProvider, LlmProvider>();
  private readonly budget: BudgetCheck;

  private readonly webviews: WebviewPorts;

  constructor(readonly ports: SwitchboardPorts) {
    const { storage, config, clock, log, prompts, extensionUri } = ports;
    this.webviews = { extensionUri, transport: ports.webviewTransport, log };
    const add = <D extends Disposable>(d: D): D => this.store.add(d);

    // Usage: every record goes through the hub into the lazily opened ledger.
    this.ledger = add(new LedgerHost({ extensionUri, globalStorageUri: storage.globalStorageUri, config, prompts, log }));
    const session = new SessionTally(() => this.prices());
    this.usage = add(new UsageHub(this.ledger, session, clock));
    add(config.onDidChange(['pricing'], () => (this.pricing = undefined)));

    // Team ledger: its worker ships this window's ledger when configured; records never wait on it.
    this.team = new TeamHost({ extensionUri, storage, config, prompts, log, ledger: this.ledger });
    let nudge: Disposable | undefined;
    add(this.usage.onDidChange(() => {
      const v = this.team.current;
      if (v.state === 'on' && !nudge) nudge = clock.setTimeout(() => ((nudge = undefined), v.client.nudge()), TEAM_NUDGE_MS);
    }));
    add({ dispose: () => nudge?.dispose() });

    // LLM calls: provider → recorder (upstream calls only) → response cache (records its hits).
    // LLM calls: provider → recorder (upstream calls only) → budget (refuses before sending under
    // `block`) → response cache (records its hits; a hit costs nothing, so a budget never stops it).
    this.providers = add(createProviderHost({ secrets: storage.secrets, config, prompts, log }));
    this.cache = new ResponseCache(config.read().cache, { log, usage: this.usage, costs: { cost: (k, m, u) => this.prices().cost(k, m, u) } });
    add(watchCacheSettings(this.cache, config, log));

    // MCP: config is read after construction returns; servers connect on first use (or `eager`).
    this.mcp = add(new McpService({ storage, config, prompts, log, openBrowser: ports.openBrowser, elicitationForm: elicitationForm(this.webviews) }, this.usage, ports.version));
    add(clock.setTimeout(() => void this.mcp.load().catch((err: unknown) => log.error(`MCP configuration failed to load: ${errorMessage(err)}`)), 0));

    // Surfaces' state (their registrations with VS Code are in contributions.ts).
    const mcp = this.mcp;
    this.explorer = add(new ToolExplorer(mcp.pool, mcp.registry, (server) => mcp.connect(server), mcp, mcp.oauth, () => config.read().agent, mcp.contentChanged.event));
    add(config.onDidChange(['agent'], () => this.explorer.refresh()));
    const ledger = () => this.ledger.get();
    const team = this.team;
    const meterSource = {
      ...ledgerMeterSource(ledger, session, this.usage.onDidChange),
      team: async () => {
        if (team.current.state === 'off' && !config.read().team.database) return undefined;
        const [month, uses] = await Promise.all([team.monthSpend(), team.budgetUses()]);
        return { lines: teamStatusLines(team.current, team.problem, month), uses };
      },
    };
    const alerts = new BudgetAlerts(storage.globalState, prompts);
    this.meter = add(new CostMeter(ports.statusItem, meterSource, () => config.read().costMeter, alerts, log, ports.workspace));
    this.budget = budgetCheck(meterSource, () => config.read().costMeter, () => team.budgetUses());
    const dashboardSource = ledgerDashboardSource(ledger, this.usage.onDidChange, (range, format) => saveUsageExport(this.ledger, range, format), team);
    this.dashboard = add(new DashboardController(this.webviews, dashboardSource));
    // Pressing Call in the form is the user's approval.
    this.callTool = add(new CallToolPanel(this.webviews, { run: (name, args, opts) => callToolByHand(mcp.executor, this.usage, name, args, opts) }));
    add(config.onDidChange(['costMeter'], () => void this.meter.update()));
    add(team.onDidChange(() => void this.meter.update()));
    add(
      clock.setTimeout(() => {
        add(watchOtherWindows(ledger, clock, () => this.usage.fire(), log));
        void this.meter.update();
        void team.start();
      }, LEDGER_WARMUP_MS),
    );

    // Gateway: off until enabled; its provider calls go through the same stack, attributed to the client.
    this.gateway = add(
      new GatewayHost({
        config,
        secrets: storage.secrets,
        globalState: storage.globalState,
        log,
        providers: { providers: () => this.providers.pool.configs(), llm: (id, attribution) => this.llm(id, attribution) },
        mcp: {
          pool: mcp.pool,
          registry: mcp.registry,
          index: mcp.toolIndex,
          maxTools: () => config.read().agent.maxTools,
          contentChanged: mcp.contentChanged.event,
          executor: mcp.executor,
          usage: this.usage,
          prepare: () => mcp.warmUp(),
          version: ports.version,
        },
        showError: (message) => void prompts.error(message),
      }),
    );
    add(showGatewayStatus(ports.gatewayStatusItem, this.gateway));
    this.mcpDefinitions = add(new GatewayMcpDefinitions(this.gateway, storage.secrets, ports.version));
    void this.gateway.reconcile();
  }

  private prices(): Pricing {
    return (this.pricing ??= new Pricing(this.ports.config.read().pricing.overrides));
  }

  /**
   * A provider as Switchboard's callers use it: budget, response cache and call recorder, with
   * `context` (and this window's workspace) on every ledger record its requests produce. Agent
   * runs pass `{ source: 'agent' }`, VS Code's chat `{ source: 'vscode-chat', client }`, the
   * gateway `{ source: 'gateway', client }`.
   */
  llm(providerId: string, context: CallContext = {}): LlmProvider {
    const base = this.providers.pool.require(providerId);
    let p = this.wrapped.get(base);
    if (!p) {
      const recorded = new RecordingProvider(base, this.usage, Date.now, this.ports.log);
      this.wrapped.set(base, (p = new CachingProvider(new BudgetedProvider(recorded, this.budget), this.cache)));
    }
    const workspace = this.ports.workspace();
    return new ContextProvider(p, workspace === undefined ? context : { workspace, ...context });
  }

  /** The one message a refused or failed request gets: a budget's names its action, a provider's its own. */
  showRequestError(err: unknown): Promise<void> {
    return err instanceof BudgetExceededError ? showBudgetRefusal(this.ports.prompts, err.refusal) : showProviderError(err, this.ports.log);
  }

  /** "Run Prompt": tool calls go through the executor, so each asks for approval unless the user chose auto. */
  runPrompt(args: RunPromptArgs = {}): ReturnType<typeof runPrompt> {
    const { log, config } = this.ports;
    return runPrompt(
      {
        webviews: this.webviews,
        log,
        providerConfigs: () => this.providers.pool.configs(),
        pickProvider,
        llm: (id) => this.llm(id, { source: 'agent' }),
        registry: this.mcp.registry,
        executor: this.mcp.executor,
        toolIndex: this.mcp.toolIndex,
        prepareTools: () => this.mcp.warmUp(),
        usage: this.usage,
        pricing: () => this.prices(),
        limits: () => config.read().agent,
        showProviderError: (err) => this.showRequestError(err),
      },
      args,
    );
  }

  /** Final ledger checkpoint; deactivate() awaits this (dispose() cannot be awaited by VS Code). */
  async close(): Promise<void> {
    // The shipper finishes its batch while the ledger it reads is still open.
    await this.team.close();
    const closing = this.ledger.close();
    this.store.dispose();
    await closing;
  }

  dispose(): void {
    this.team.dispose();
    this.store.dispose();
  }
}
