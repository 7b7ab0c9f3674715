// Handlers for the MCP commands (Start / Stop / Restart MCP Server, Open MCP Configuration),
// merged into extension.ts's command map. Each takes a server name or asks with a quick pick.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';
import { MCP_SERVERS_SETTING } from '../config';
import type { McpService } from './mcpService';

/** How long "MCP server … is running" stays in the status bar. */
const STATE_MESSAGE_MS = 4000;

const TEMPLATE = `{
  // MCP servers for this workspace (VS Code's format). Switchboard also reads .mcp.json
  // (Claude-style "mcpServers") and the ${MCP_SERVERS_SETTING} setting.
  "inputs": [],
  "servers": {}
}
`;

export function mcpCommands(mcp: McpService): CommandMap {
  const pick = async (arg: unknown, verb: string): Promise<string | undefined> => {
    if (typeof arg === 'string') return arg;
    // The tree passes its server node.
    if (typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'server') return (arg as { name: string }).name;
    const items = mcp.pool.statuses().map((s) => ({
      label: s.name,
      description: s.state,
      detail: s.lastError ?? s.source.file,
    }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Switchboard: no MCP servers are configured.');
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { title: `${verb} MCP Server` }))?.label;
  };
  const run = (verb: string, action: (name: string) => Promise<void>) => async (arg?: unknown) => {
    const name = await pick(arg, verb);
    if (!name) return;
    await action(name);
    const status = mcp.pool.status(name);
    void vscode.window.setStatusBarMessage(`Switchboard: MCP server "${name}" is ${status?.state ?? 'gone'}`, STATE_MESSAGE_MS);
  };
  return {
    [Commands.startServer]: run('Start', (n) => mcp.pool.start(n)),
    [Commands.stopServer]: run('Stop', (n) => mcp.pool.stop(n)),
    [Commands.restartServer]: run('Restart', (n) => mcp.pool.restart(n)),
    [Commands.openMcpConfiguration]: () => openConfiguration(),
    [Commands.signInServer]: async (arg?: unknown) => {
      const name = await pick(arg, 'Sign In to');
      if (name) await signIn(mcp, name);
    },
    [Commands.signOutServer]: async (arg?: unknown) => {
      const name = await pick(arg, 'Sign Out of');
      if (!name) return;
      const had = await mcp.signOut(name);
      void vscode.window.showInformationMessage(had ? `Switchboard: signed out of MCP server "${name}".` : `Switchboard: MCP server "${name}" had no stored sign-in.`);
    },
  };
}

/** The browser sign-in, with a cancellable notification while the browser is open. */
async function signIn(mcp: McpService, name: string): Promise<void> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Switchboard: signing in to MCP server "${name}" — finish in your browser` },
      () => mcp.signIn(name),
    );
    void vscode.window.setStatusBarMessage(`Switchboard: MCP server "${name}" is ${mcp.pool.status(name)?.state ?? 'gone'}`, STATE_MESSAGE_MS);
  } catch (err) {
    void vscode.window.showWarningMessage(`Switchboard: sign-in to MCP server "${name}" failed: ${errorMessage(err)}`);
  }
}

async function openConfiguration(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: MCP_SERVERS_SETTING } });
    return;
  }
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEMPLATE));
  }
  await vscode.window.showTextDocument(uri);
}
