// The MCP side of the extension: config sources → pool → registry → executor, plus the host
// hooks (log channel per server, input prompts, trust and command-line confirmation, persisted
// tool preferences). Nothing connects at construction; `load()` reads config after activation.
import { homedir } from 'node:os';
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/lifecycle';
import { resolveServer } from '../../core/mcp/configResolve';
import { formatProblem } from '../../core/mcp/configTypes';
import type { ConfigProblem } from '../../core/mcp/configTypes';
import type { ServerEntry } from '../../core/mcp/configDiff';
import type { ServerConfig } from '../../core/mcp/configTypes';
import { OAuthManager } from '../../core/mcp/oauth/oauthManager';
import type { OpenBrowser } from '../../core/mcp/oauth/ports';
import { Elicitation } from '../../core/mcp/elicitation';
import { McpPool } from '../../core/mcp/pool';
import { ToolRegistry } from '../../core/mcp/registry';
import { ToolIndex } from '../../core/tools/toolIndex';
import { toolHints } from '../../core/tools/toolHints';
import { ResourceDocuments } from './resourceDocuments';
import { ToolIndexer, warmUp } from '../../core/mcp/toolIndexer';
import { serverConnector } from '../../core/mcp/transports';
import { ToolExecutor } from '../../core/tools/executor';
import type { ApprovalRequest } from '../../core/tools/executor';
import { timingRecord } from '../../core/usage/mcpTimings';
import type { McpTimingSink } from '../../core/usage/mcpTimings';
import type { UsageSink } from '../../core/usage/records';
import type { ConfigPort } from '../config';
import type { StoragePorts } from '../ports';
import type { UiPrompts } from '../uiPrompts';
import { ConfigDiagnostics } from './configDiagnostics';
import { VscodeElicitationPrompts } from './elicitationPrompts';
import type { ElicitationForm } from '../webview/elicitationPanel';
import { McpConfigSources } from './configSources';
import { InputPrompts } from './inputPrompts';
import { mementoPreferenceStore } from './preferenceStore';
import { mementoVerdictStore } from './verdictStore';
import { StartGuard } from './startGuard';

/** Arguments shown in the approval prompt, at most this many characters. */
const APPROVAL_ARGS_SHOWN = 2000;

export interface McpServicePorts {
  readonly storage: StoragePorts;
  readonly config: ConfigPort;
  readonly prompts: UiPrompts;
  readonly log: vscode.LogOutputChannel;
  /** Where a sign-in's authorization page opens. */
  readonly openBrowser: OpenBrowser;
  /** Where long elicitation forms open (one page of fields); without it every field is its own prompt. */
  readonly elicitationForm?: ElicitationForm;
}

export class McpService implements vscode.Disposable {
  readonly pool: McpPool;
  readonly registry: ToolRegistry;
  /** BM25 over the registry's tools, for choosing what an agent run offers. */
  readonly toolIndex: ToolIndex;
  /** Fires on a server's resources/list_changed and prompts/list_changed. */
  readonly contentChanged = new vscode.EventEmitter<{ server: string; list: 'resources' | 'prompts' }>();
  /** Resources opened as read-only documents (the provider is registered in contributions.ts). */
  readonly resources: ResourceDocuments;
  readonly executor: ToolExecutor;
  /** OAuth for HTTP/SSE servers: tokens in SecretStorage, sign-in through the browser. */
  readonly oauth: OAuthManager;
  private readonly resolve: (entry: ServerEntry) => Promise<ServerConfig>;
  private readonly indexer: ToolIndexer;
  private readonly sources = new McpConfigSources();
  private readonly channels = new Map<string, vscode.LogOutputChannel>();
  private readonly disposables = new DisposableStore();
  private lastProblems = '';
  private readonly guard: StartGuard;
  private readonly diagnostics = new ConfigDiagnostics();
  private currentProblems: readonly ConfigProblem[] = [];
  private readonly problemsChanged = new vscode.EventEmitter<void>();
  /** Fires after each load with the configuration's problems. */
  readonly onDidChangeProblems = this.problemsChanged.event;
  private markLoaded!: () => void;
  private readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  private readonly log: vscode.LogOutputChannel;
  private readonly prompts: UiPrompts;

  /** `clientVersion`: this build's version, announced to servers. */
  constructor(ports: McpServicePorts, usage: UsageSink & McpTimingSink, clientVersion: string) {
    const { storage, config, prompts, log, openBrowser, elicitationForm } = ports;
    this.log = log;
    this.prompts = prompts;
    const inputs = new InputPrompts(storage.secrets, prompts);
    const guard = new StartGuard(storage, prompts);
    this.guard = guard;
    this.oauth = new OAuthManager({
      secrets: storage.secrets,
      clientVersion,
      openBrowser,
    });
    this.resolve = (entry) =>
      resolveServer(entry, entry.inputs, {
        workspaceFolder: folderOf(entry.source.file),
        userHome: homedir(),
        env: process.env,
        resolveInput: (server, input, source) => inputs.resolve(server, input, source),
      });
    const elicitation = new Elicitation(new VscodeElicitationPrompts(prompts, openBrowser, elicitationForm));
    this.pool = new McpPool(
      {
        connect: serverConnector(clientVersion, (config) => this.oauth.attach(config)),
        logger: (server) => this.channel(server),
        resolve: this.resolve,
        beforeStart: (config) => guard.check(config),
        onListChanged: (server, list) => this.contentChanged.fire({ server, list }),
        verdicts: mementoVerdictStore(storage.globalState),
        onElicit: (server, request) => elicitation.answer(server, request),
      },
      config.read().mcp,
    );
    this.registry = new ToolRegistry(mementoPreferenceStore(storage.globalState));
    this.toolIndex = ToolIndex.follow(this.registry);
    this.resources = new ResourceDocuments(this.pool);
    this.indexer = new ToolIndexer(this.pool, this.registry, log);
    this.executor = new ToolExecutor({ registry: this.registry, pool: this.pool, usage, log, approve: (req) => this.approve(req), policy: () => config.read().tools });
    const own = this.disposables;
    own.add(this.sources);
    own.add(this.contentChanged);
    own.add(this.diagnostics);
    own.add(this.problemsChanged);
    own.add(this.sources.onDidChange(() => void this.load()));
    own.add(config.onDidChange(['mcp'], (c) => this.pool.updateSettings(c.mcp)));
    // Connect phases and warm call times go to the ledger, so every window and the next session see them.
    own.add(this.pool.onTiming.event((t) => usage.recordMcpTiming(timingRecord(t))));
    // Servers refused while untrusted sit in `error`; once trusted they start on next use.
    own.add(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const s of this.pool.statuses()) if (s.state === 'error' && s.source.scope === 'workspace') void this.pool.stop(s.name);
      }),
    );
    own.add(
      this.pool.onServersRemoved.event((names) => {
        for (const name of names) {
          this.channels.get(name)?.dispose();
          this.channels.delete(name);
        }
      }),
    );
  }

  /** Reads every config source and applies it; edits arrive here again through the watchers. */
  async load(): Promise<void> {
    try {
      await this.apply();
    } finally {
      this.markLoaded();
    }
  }

  /** Resolves once the configuration has been read the first time (also when that failed). */
  whenLoaded(): Promise<void> {
    return this.loaded;
  }

  private async apply(): Promise<void> {
    const { entries, problems } = await this.sources.load();
    const untrusted = !vscode.workspace.isTrusted && entries.some((e) => e.source.scope === 'workspace');
    const diff = await this.pool.apply(entries);
    if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
      this.log.info(`MCP servers: +${diff.added.join(', ') || '-'} −${diff.removed.join(', ') || '-'} ~${diff.changed.join(', ') || '-'}`);
    }
    if (untrusted) {
      this.log.warn('workspace is not trusted: MCP servers defined by the workspace will not start');
      this.guard.tellUntrusted();
    }
    this.currentProblems = problems;
    this.diagnostics.show(problems);
    this.problemsChanged.fire();
    this.reportProblems(problems.map(formatProblem));
  }

  /** What is wrong with the configuration as last loaded. */
  get problems(): readonly ConfigProblem[] {
    return this.currentProblems;
  }

  /**
   * Connects every enabled server whose tools are not known yet and waits for them to be
   * indexed, once the configuration is read. Starts go through the start guard (trust,
   * command-line confirmation).
   */
  async warmUp(): Promise<void> {
    await this.loaded;
    await warmUp(this.pool, this.registry, this.indexer, this.log);
  }

  runningServers(): number {
    return this.pool.runningServers();
  }

  dispose(): void {
    this.disposables.dispose();
    this.oauth.dispose();
    this.executor.dispose();
    this.indexer.dispose();
    this.toolIndex.dispose();
    this.registry.dispose();
    void this.pool.dispose().finally(() => {
      for (const c of this.channels.values()) c.dispose();
      this.channels.clear();
    });
  }

  /** Starts `server` if needed and resolves once its tools are in the registry. */
  async connect(server: string): Promise<void> {
    await this.pool.start(server);
    await this.indexer.idle();
  }

  /** Signs in to `server` in the browser, then restarts it with the new token. Throws with the reason when the sign-in fails. */
  async signIn(server: string): Promise<void> {
    const entry = this.pool.entry(server);
    if (!entry) throw new Error(`no MCP server "${server}" is configured`);
    await this.oauth.signIn(await this.resolve(entry));
    this.channel(server).info('signed in');
    await this.pool.restart(server);
    await this.indexer.idle();
  }

  /** Forgets `server`'s tokens and client registration and stops it; false when it had none. */
  async signOut(server: string): Promise<boolean> {
    const entry = this.pool.entry(server);
    if (!entry) return false;
    const had = await this.oauth.signOut(await this.resolve(entry));
    await this.pool.stop(server);
    this.channel(server).info(had ? 'signed out' : 'sign-out: no stored sign-in');
    return had;
  }

  /** Reveals the server's own log (stderr and connection events). */
  showLog(server: string): void {
    this.channel(server).show(true);
  }

  private channel(server: string): vscode.LogOutputChannel {
    let c = this.channels.get(server);
    if (!c) {
      c = vscode.window.createOutputChannel(`Switchboard MCP: ${server}`, { log: true });
      this.channels.set(server, c);
    }
    return c;
  }

  private async approve({ entry, arguments: args, client }: ApprovalRequest): Promise<boolean> {
    const allow = 'Allow';
    const destructive = toolHints(entry.definition).destructive;
    // A destructive tool asks every time, so "always" is not offered for it.
    const always = destructive ? undefined : 'Always Allow This Tool';
    const shown = JSON.stringify(args, null, 2);
    const answer = await this.prompts.confirm(
      // A gateway client's name is its key's name, chosen by the user: the prompt says who is asking.
      (client === undefined ? `Run the MCP tool "${entry.qualifiedName}"?` : `"${client}" (through the Switchboard gateway) wants to run the MCP tool "${entry.qualifiedName}". Allow?`) +
        (destructive ? ' Its server marks it destructive.' : ''),
      `${entry.description}\n\nArguments:\n${shown.length > APPROVAL_ARGS_SHOWN ? `${shown.slice(0, APPROVAL_ARGS_SHOWN)}…` : shown}`,
      ...(always ? [allow, always] : [allow]),
    );
    if (always && answer === always) this.registry.preferences.setApprovalMode(entry.qualifiedName, 'auto');
    return answer !== undefined && (answer === allow || answer === always);
  }

  private reportProblems(lines: string[]): void {
    for (const line of lines) this.log.warn(`MCP config: ${line}`);
    const key = lines.join('\n');
    if (!key || key === this.lastProblems) {
      this.lastProblems = key;
      return;
    }
    this.lastProblems = key;
    const first = lines[0]!;
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : '';
    void this.prompts.warn(`Switchboard MCP configuration: ${first}${more}`, 'Show Log').then((a) => a && this.log.show(true));
  }
}

/** `${workspaceFolder}` is the folder holding the config file (multi-root), else the first folder. */
function folderOf(file: string): string | undefined {
  const holder = isAbsolute(file) ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) : undefined;
  return (holder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
}
