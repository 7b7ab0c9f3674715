// Adding MCP servers: "Add MCP Server" opens (or creates, with a commented example)
// `.vscode/mcp.json`; "Import MCP Servers from Claude Desktop" copies chosen servers from
// Claude Desktop's config into it, keeping the file's comments (jsonc-parser edits in place).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import * as vscode from 'vscode';

export const MCP_JSON_TEMPLATE = `{
  // MCP servers for this workspace, in VS Code's format. Switchboard starts them on first use.
  // Values like \${input:api-key} are asked for once and kept in VS Code's SecretStorage.
  "inputs": [
    // { "id": "api-key", "type": "promptString", "description": "API key", "password": true }
  ],
  "servers": {
    // "everything": {
    //   "type": "stdio",
    //   "command": "npx",
    //   "args": ["-y", "@modelcontextprotocol/server-everything"]
    // },
    // "remote": {
    //   "type": "http",
    //   "url": "https://example.com/mcp",
    //   "headers": { "Authorization": "Bearer \${input:api-key}" }
    // }
  }
}
`;

/** Where Claude Desktop keeps its config on this platform. */
export function claudeDesktopConfigPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Claude', 'claude_desktop_config.json');
}

function mcpJsonUri(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Opens `.vscode/mcp.json`, creating it with the commented example when it does not exist. */
export async function addServer(): Promise<vscode.Uri | undefined> {
  const uri = mcpJsonUri();
  if (!uri) {
    void vscode.window.showInformationMessage('Switchboard: open a folder first, or add servers to the switchboard.mcp.servers user setting.', 'Open Settings').then(
      (a) => a && vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.mcp.servers'),
    );
    return undefined;
  }
  if ((await readText(uri)) === undefined) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(MCP_JSON_TEMPLATE));
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** Imports servers from Claude Desktop's `mcpServers` into `.vscode/mcp.json`; returns the names imported. */
export async function importFromClaudeDesktop(): Promise<string[]> {
  const from = claudeDesktopConfigPath();
  const text = await readText(vscode.Uri.file(from));
  if (text === undefined) {
    void vscode.window.showWarningMessage(`Switchboard: no Claude Desktop configuration at ${from}.`);
    return [];
  }
  const errors: ParseError[] = [];
  const claude = parse(text, errors, { allowTrailingComma: true }) as { mcpServers?: Record<string, Record<string, unknown>> } | undefined;
  const servers = claude?.mcpServers ?? {};
  if (errors.length > 0 || Object.keys(servers).length === 0) {
    void vscode.window.showWarningMessage(`Switchboard: ${from} has ${errors.length ? 'JSON errors' : 'no "mcpServers"'}; nothing to import.`);
    return [];
  }
  const names = (
      await vscode.window.showQuickPick(
        Object.entries(servers).map(([name, s]) => ({ label: name, description: String(s['command'] ?? s['url'] ?? ''), picked: true })),
        { canPickMany: true, title: 'Import MCP servers from Claude Desktop' },
      )
    )?.map((p) => p.label);
  if (!names || names.length === 0) return [];
  const target = mcpJsonUri();
  if (!target) {
    void vscode.window.showWarningMessage('Switchboard: open a folder to import servers into its .vscode/mcp.json.');
    return [];
  }
  let doc = (await readText(target)) ?? MCP_JSON_TEMPLATE;
  for (const name of names) {
    const s = servers[name];
    if (!s) continue;
    // Claude's entries have no "type": stdio when there is a command, else HTTP.
    const entry = { type: s['command'] ? 'stdio' : 'http', ...s };
    doc = applyEdits(doc, modify(doc, ['servers', name], entry, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(doc));
  void vscode.window.showInformationMessage(`Switchboard: imported ${names.length} MCP server${names.length === 1 ? '' : 's'} into .vscode/mcp.json.`);
  return names;
}
