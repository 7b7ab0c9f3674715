// Commands behind the tool explorer's inline, context and title actions. Each takes the tree
// node it was invoked on, or asks with a quick pick when run from the palette.
import * as vscode from 'vscode';
import type { ToolEntry } from '../../core/mcp/registry';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';
import { openProblem } from '../mcp/configDiagnostics';
import type { McpService } from '../mcp/mcpService';
import type { CallToolPanel } from '../webview/callToolPanel';
import type { ExplorerNode, ToolExplorer } from './toolExplorer';
import { addServer, importFromClaudeDesktop } from './serverSetup';
import { runServerPrompt } from './serverPrompt';

function isNode(arg: unknown): arg is ExplorerNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg;
}

export function explorerCommands(mcp: McpService, explorer: ToolExplorer, callTool: CallToolPanel): CommandMap {
  const pickTool = async (arg: unknown, title: string): Promise<ToolEntry | undefined> => {
    if (isNode(arg) && arg.kind === 'tool') return arg.entry;
    if (typeof arg === 'string') return mcp.registry.resolve(arg);
    const tools = mcp.registry.tools();
    if (tools.length === 0) {
      void vscode.window.showInformationMessage('Switchboard: no MCP tools are known yet. Expand a server in the MCP Tools view to connect it.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      tools.map((entry) => ({ label: entry.qualifiedName, detail: entry.description.slice(0, 200), entry })),
      { title, matchOnDetail: true },
    );
    return pick?.entry;
  };
  const serverName = (arg: unknown): string | undefined => {
    if (!isNode(arg)) return typeof arg === 'string' ? arg : undefined;
    if (arg.kind === 'tool') return arg.entry.server;
    if (arg.kind === 'warning') return undefined;
    return arg.kind === 'server' ? arg.name : arg.kind === 'problem' ? arg.problem.server : arg.server;
  };
  const setEnabled = (enabled: boolean) => async (arg?: unknown) => {
    if (isNode(arg) && arg.kind === 'server') return mcp.registry.preferences.setServerEnabled(arg.name, enabled);
    const entry = await pickTool(arg, enabled ? 'Enable Tool' : 'Disable Tool');
    if (entry) mcp.registry.preferences.setToolEnabled(entry.qualifiedName, enabled);
  };
  const forward = (command: string) => (arg?: unknown) => vscode.commands.executeCommand(command, serverName(arg));

  return {
    [Commands.callTool]: async (arg?: unknown) => {
      const entry = await pickTool(arg, 'Call Tool');
      if (entry) callTool.show(entry);
    },
    [Commands.enableTool]: setEnabled(true),
    [Commands.disableTool]: setEnabled(false),
    [Commands.toggleAutoApprove]: async (arg?: unknown) => {
      // Auto-approval skips the approval prompt: only the user's own pick (a row of the tree or
      // the quick pick) may change it, never a name or a node another extension passes in.
      const fromTree = isNode(arg) && arg.kind === 'tool' && explorer.isFromTree(arg);
      const entry = await pickTool(fromTree ? arg : undefined, 'Auto-approve Tool');
      if (!entry) return;
      const prefs = mcp.registry.preferences;
      prefs.setApprovalMode(entry.qualifiedName, prefs.approvalMode(entry.qualifiedName) === 'auto' ? 'ask' : 'auto');
    },
    [Commands.togglePinTool]: async (arg?: unknown) => {
      const entry = await pickTool(arg, 'Pin Tool for Agent Runs');
      if (entry) mcp.registry.preferences.setPinned(entry.qualifiedName, !mcp.registry.preferences.isPinned(entry.qualifiedName));
    },
    [Commands.readResource]: async (arg?: unknown) => {
      if (isNode(arg) && arg.kind === 'resource') await mcp.resources.open(arg.server, arg.item.uri, arg.item.name);
    },
    [Commands.runMcpPrompt]: async (arg?: unknown) => {
      if (isNode(arg) && arg.kind === 'prompt') await runServerPrompt(mcp.pool, arg.server, arg.item, (prompt) => vscode.commands.executeCommand(Commands.runPrompt, { prompt }));
    },
    [Commands.copyToolName]: async (arg?: unknown) => {
      const entry = await pickTool(arg, 'Copy Tool Name');
      if (entry) await vscode.env.clipboard.writeText(entry.qualifiedName);
    },
    [Commands.treeStartServer]: forward(Commands.startServer),
    [Commands.treeStopServer]: forward(Commands.stopServer),
    [Commands.treeRestartServer]: forward(Commands.restartServer),
    [Commands.showServerLog]: async (arg?: unknown) => {
      const name = serverName(arg) ?? (await vscode.window.showQuickPick(mcp.pool.servers(), { title: 'Show MCP Server Log' }));
      if (name) mcp.showLog(name);
    },
    [Commands.refreshTools]: async () => {
      await mcp.load();
      explorer.refresh();
    },
    [Commands.filterTools]: async (text?: unknown) => {
      const value =
        typeof text === 'string' ? text : await vscode.window.showInputBox({ title: 'Filter MCP tools by name or description', value: explorer.filter });
      if (value !== undefined) explorer.setFilter(value);
    },
    [Commands.clearToolFilter]: () => explorer.setFilter(''),
    [Commands.openConfigProblem]: async (arg?: unknown) => {
      const problem = isNode(arg) && arg.kind === 'problem' ? arg.problem : mcp.problems[0];
      if (problem) await openProblem(problem);
    },
    [Commands.addServer]: () => addServer(),
    [Commands.importClaudeConfig]: () => importFromClaudeDesktop(),
  };
}
