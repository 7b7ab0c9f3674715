// The "MCP Tools" tree: configured servers with their state, tool count and schema token
// cost; under each, its tools (rows built in toolItems.ts). Server-supplied text
// (descriptions, stderr) goes into plain-string tooltips only: never Markdown, never HTML.
// Configuration problems come first, one row each, with an action that opens the file there;
// then warnings when the enabled tools exceed the run's tool limit or schema token budget.
import { errorMessage } from '../../core/errorMessage';
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/lifecycle';
import type { Event as CoreEvent } from '../../core/lifecycle';
import type { ConfigProblem } from '../../core/mcp/configTypes';
import type { SignInNeed } from '../../core/mcp/oauth/errors';
import { formatTiming } from '../../core/mcp/connectTiming';
import type { McpPool } from '../../core/mcp/pool';
import type { ServerStatus } from '../../core/mcp/poolTypes';
import type { ToolEntry, ToolRegistry } from '../../core/mcp/registry';
import { type ToolLimits, toolLimitWarnings } from '../../core/tools/toolLimits';
import { type ContentNode, contentGroups, contentItem, groupChildren } from './contentNodes';
import { problemItem, toolItem, warningItem } from './toolItems';

export type ExplorerNode =
  | { kind: 'server'; name: string }
  | { kind: 'tool'; entry: ToolEntry }
  | ContentNode
  | { kind: 'problem'; problem: ConfigProblem }
  /** The enabled tools exceed `agent.maxTools` or the schema token budget. */
  | { kind: 'warning'; text: string };

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
    /** Read on each render, so a settings change shows on the next refresh. */
    private readonly limits: () => ToolLimits,
    /** resources/list_changed or prompts/list_changed: expanded groups list again. */
    contentChanged: vscode.Event<unknown>,
  ) {
    const refresh = () => this.refresh();
    this.subscriptions.add(contentChanged(refresh));
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
      const warnings = toolLimitWarnings(this.registry, this.limits()).map((text): ExplorerNode => ({ kind: 'warning', text }));
      const servers = this.pool
        .servers()
        .filter((name) => !this.filterText || this.matchingTools(name).length > 0 || name.toLowerCase().includes(this.filterText))
        .sort((a, b) => a.localeCompare(b))
        .map((name): ExplorerNode => ({ kind: 'server', name }));
      const roots = [...problems, ...warnings, ...servers];
      // After this turn VS Code has the rows (its reply goes out before our next message).
      setTimeout(() => this.rootsServed.fire(roots.length), 0);
      return roots;
    }
    if (node.kind === 'resources' || node.kind === 'prompts') return groupChildren(this.pool, node);
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
    // The filter is over tools; resources and prompts show when it is off.
    const groups: ExplorerNode[] = this.filterText || this.pool.status(name)?.state !== 'running' ? [] : await contentGroups(this.pool, name);
    if (tools.length === 0 && groups.length > 0) return groups;
    if (tools.length === 0) {
      const state = this.pool.status(name)?.state;
      const text = state === 'error' ? this.pool.status(name)?.lastError ?? 'the server failed' : this.filterText ? 'no tool matches the filter' : 'no tools';
      return [{ kind: 'message', server: name, text }];
    }
    return [
      ...groups,
      ...tools.map((entry) => {
        const node: ExplorerNode = { kind: 'tool', entry };
        this.issued.add(node);
        return node;
      }),
    ];
  }

  private matchingTools(server: string): readonly ToolEntry[] {
    const tools = this.registry.tools(server);
    if (!this.filterText) return tools;
    return tools.filter((t) => t.tool.toLowerCase().includes(this.filterText) || t.description.toLowerCase().includes(this.filterText));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    if (node.kind === 'server') return this.serverItem(node.name);
    if (node.kind === 'problem') return problemItem(node.problem);
    if (node.kind === 'warning') return warningItem(node.text);
    if (node.kind !== 'message' && node.kind !== 'tool') return contentItem(node);
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.tooltip = node.text;
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
    return toolItem(node.entry, this.registry);
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

  dispose(): void {
    this.subscriptions.dispose();
    this.changed.dispose();
    this.rootsServed.dispose();
  }
}
/** "Protocol 2026-07-28 (stateless era)" or "Protocol 2025-11-25 (2025 session era)". */
export function protocolLine(p: { era: 'modern' | 'legacy'; version: string }): string {
  return `Protocol ${p.version} (${p.era === 'modern' ? 'stateless era' : '2025 session era'})`;
}
