// The "MCP Tools" tree: configured servers with their state, tool count and schema token
// cost; under each, its tools with enabled state and approval mode. Server-supplied text
// (descriptions, stderr) goes into plain-string tooltips only: never Markdown, never HTML.
// Configuration problems come first, one row each, with an action that opens the file there.
import { errorMessage } from '../../core/errorMessage';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/lifecycle';
import type { Event as CoreEvent } from '../../core/lifecycle';
import type { ConfigProblem } from '../../core/mcp/configTypes';
import type { SignInNeed } from '../../core/mcp/oauth/errors';
import { formatTiming } from '../../core/mcp/connectTiming';
import type { McpPool } from '../../core/mcp/pool';
import type { ServerStatus } from '../../core/mcp/poolTypes';
import type { ToolEntry, ToolRegistry } from '../../core/mcp/registry';
import { Commands } from '../commandIds';

export type ExplorerNode =
  | { kind: 'server'; name: string }
  | { kind: 'tool'; entry: ToolEntry }
  | { kind: 'message'; server: string; text: string }
  | { kind: 'problem'; problem: ConfigProblem };

/** Where the tree reads which servers need a sign-in (the OAuthManager). */
export interface SignInNeeds {
  need(server: string): SignInNeed | undefined;
  readonly onDidChange: { readonly event: CoreEvent<string> };
}

/** Where the tree reads the configuration's problems from. */
export interface ConfigProblems {
  readonly problems: readonly ConfigProblem[];
  readonly onDidChangeProblems: vscode.Event<void>;
}

const STATE_ICONS: Record<ServerStatus['state'], vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed')),
  starting: new vscode.ThemeIcon('loading~spin'),
  stopped: new vscode.ThemeIcon('vm-outline'),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
};

const SIGN_IN_ICON = new vscode.ThemeIcon('account', new vscode.ThemeColor('problemsWarningIcon.foreground'));

export class ToolExplorer implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly rootsServed = new vscode.EventEmitter<number>();
  /** Fires with the number of top-level rows each time VS Code has been given them. */
  readonly onDidServeRoots = this.rootsServed.event;
  private filterText = '';
  private readonly subscriptions = new DisposableStore();
  /** Servers the user expanded: refreshes that race a pending expansion keep it (see trackExpansion). */
  private readonly expanded = new Set<string>();
  /** The tool nodes this tree handed to VS Code: only these count as the user's pick in the view. */
  private readonly issued = new WeakSet<ExplorerNode>();

  constructor(
    private readonly pool: McpPool,
    private readonly registry: ToolRegistry,
    /** Starts a server and resolves once its tools are indexed. */
    private readonly connect: (server: string) => Promise<void>,
    private readonly config: ConfigProblems,
    private readonly auth: SignInNeeds,
  ) {
    const refresh = () => this.refresh();
    this.subscriptions.add(auth.onDidChange.event(refresh));
    this.subscriptions.add(config.onDidChangeProblems(refresh));
    this.subscriptions.add(pool.onDidChangeStatus.event(refresh));
    this.subscriptions.add(registry.onDidChange.event(refresh));
    this.subscriptions.add(pool.onServersRemoved.event(refresh));
    this.subscriptions.add(pool.onTiming.event(refresh));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    void vscode.commands.executeCommand('setContext', 'switchboard.toolFilterActive', this.filterText !== '');
    this.refresh();
  }

  /** Whether `node` came from this tree (a context-menu action on it), not from another extension's arguments. */
  isFromTree(node: ExplorerNode): boolean {
    return this.issued.has(node);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /**
   * Follows what the user expands in `view`. Expanding a stopped server starts it, and the
   * status changes of that start refresh the tree while the expansion waits for its children;
   * an item then re-sent as Collapsed could land the server collapsed although it runs.
   */
  trackExpansion(view: vscode.TreeView<ExplorerNode>): vscode.Disposable {
    return vscode.Disposable.from(
      view.onDidExpandElement(({ element }) => element.kind === 'server' && this.expanded.add(element.name)),
      view.onDidCollapseElement(({ element }) => element.kind === 'server' && this.expanded.delete(element.name)),
    );
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] | Promise<ExplorerNode[]> {
    if (!node) {
      const problems: ExplorerNode[] = this.config.problems.map((problem) => ({ kind: 'problem', problem }));
      const servers = this.pool
        .servers()
        .filter((name) => !this.filterText || this.matchingTools(name).length > 0 || name.toLowerCase().includes(this.filterText))
        .sort((a, b) => a.localeCompare(b))
        .map((name): ExplorerNode => ({ kind: 'server', name }));
      const roots = [...problems, ...servers];
      // After this turn VS Code has the rows (its reply goes out before our next message).
      setTimeout(() => this.rootsServed.fire(roots.length), 0);
      return roots;
    }
    if (node.kind !== 'server') return [];
    return this.serverChildren(node.name);
  }

  private async serverChildren(name: string): Promise<ExplorerNode[]> {
    const status = this.pool.status(name);
    // Expanding a server is a use: connect it (lazily) so its tools can be listed.
    if (status && status.state === 'stopped' && this.registry.tools(name).length === 0) {
      try {
        await this.connect(name);
      } catch (err) {
        return [{ kind: 'message', server: name, text: errorMessage(err) }];
      }
    }
    const tools = this.matchingTools(name);
    const need = this.auth.need(name);
    if (need) return [{ kind: 'message', server: name, text: need.detail }];
    if (tools.length === 0) {
      const state = this.pool.status(name)?.state;
      const text = state === 'error' ? this.pool.status(name)?.lastError ?? 'the server failed' : this.filterText ? 'no tool matches the filter' : 'no tools';
      return [{ kind: 'message', server: name, text }];
    }
    return tools.map((entry) => {
      const node: ExplorerNode = { kind: 'tool', entry };
      this.issued.add(node);
      return node;
    });
  }

  private matchingTools(server: string): readonly ToolEntry[] {
    const tools = this.registry.tools(server);
    if (!this.filterText) return tools;
    return tools.filter((t) => t.tool.toLowerCase().includes(this.filterText) || t.description.toLowerCase().includes(this.filterText));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    if (node.kind === 'server') return this.serverItem(node.name);
    if (node.kind === 'problem') return problemItem(node.problem);
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.text;
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    return this.toolItem(node.entry);
  }

  private serverItem(name: string): vscode.TreeItem {
    const status = this.pool.status(name);
    const state = status?.state ?? 'stopped';
    const enabled = this.registry.preferences.isServerEnabled(name);
    const tools = this.registry.tools(name);
    const open = this.filterText || this.expanded.has(name);
    const item = new vscode.TreeItem(name, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `server:${name}`;
    // State first and short, so it survives the default side-bar width; the token cost is in the tooltip.
    const need = this.auth.need(name);
    const parts: string[] = [need ? 'sign in required' : state];
    if (tools.length > 0) parts.push(`${tools.length} tools`);
    if (!enabled) parts.push('disabled');
    item.description = parts.join(' · ');
    item.iconPath = need ? SIGN_IN_ICON : STATE_ICONS[state];
    item.contextValue = `server.${need ? 'signin' : state}${enabled ? '' : '.disabled'}`;
    const lines = [`${name} — ${state}`, `Defined in ${status?.source.file ?? 'unknown'} (${status?.source.scope ?? '?'})`];
    if (status?.protocol) lines.push(protocolLine(status.protocol));
    if (tools.length > 0) lines.push(`${tools.length} tools; offering them all costs about ${this.registry.tokenCost(name).toLocaleString('en-US')} prompt tokens`);
    const timing = this.pool.timing(name);
    if (timing) lines.push(formatTiming(timing));
    if (need) lines.push('', `Sign in required: ${need.detail}`);
    else if (status?.lastError) lines.push('', `Last error: ${status.lastError}`);
    if (status?.stderrTail.length) lines.push('', 'stderr:', ...status.stderrTail.slice(-10));
    item.tooltip = lines.join('\n');
    return item;
  }

  private toolItem(entry: ToolEntry): vscode.TreeItem {
    const prefs = this.registry.preferences;
    const enabled = this.registry.isEnabled(entry);
    const mode = prefs.approvalMode(entry.qualifiedName);
    const item = new vscode.TreeItem(entry.tool, vscode.TreeItemCollapsibleState.None);
    item.id = `tool:${entry.qualifiedName}`;
    item.description = [enabled ? undefined : 'disabled', mode === 'auto' ? 'auto-approved' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(enabled ? 'tools' : 'circle-slash');
    item.contextValue = `tool.${enabled ? 'enabled' : 'disabled'}.${mode}`;
    item.tooltip = [entry.qualifiedName, '', entry.description || '(no description)', '', `~${this.registry.toolTokens(entry)} prompt tokens`].join('\n');
    item.command = { command: Commands.callTool, title: 'Call Tool', arguments: [{ kind: 'tool', entry }] };
    return item;
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.changed.dispose();
    this.rootsServed.dispose();
  }
}

function problemItem(p: ConfigProblem): vscode.TreeItem {
  const where = `${basename(p.file)}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}`;
  const item = new vscode.TreeItem(`${where} ${p.server ? `"${p.server}": ` : ''}${p.message}`, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(p.warning ? 'warning' : 'error', new vscode.ThemeColor(p.warning ? 'problemsWarningIcon.foreground' : 'errorForeground'));
  const kept = p.syntax ? '\n\nUntil it is fixed, the servers from the last version of this file that could be read stay as they were.' : '';
  item.tooltip = `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}\n${p.server ? `server "${p.server}": ` : ''}${p.message}${kept}`;
  item.contextValue = 'configProblem';
  item.command = { command: Commands.openConfigProblem, title: 'Open', arguments: [{ kind: 'problem', problem: p }] };
  return item;
}

/** "Protocol 2026-07-28 (stateless era)" or "Protocol 2025-11-25 (2025 session era)". */
export function protocolLine(p: { era: 'modern' | 'legacy'; version: string }): string {
  return `Protocol ${p.version} (${p.era === 'modern' ? 'stateless era' : '2025 session era'})`;
}
