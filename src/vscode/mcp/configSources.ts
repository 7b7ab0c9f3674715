// Where MCP servers are configured: each workspace folder's `.vscode/mcp.json` (VS Code's
// format) and `.mcp.json` (Claude-style), and the `switchboard.mcp.servers` setting (user level,
// or workspace level, which counts as workspace-defined). Files are watched; any edit re-reads all.
// A file that does not parse keeps its last good servers until it is fixed.
import * as vscode from 'vscode';
import { DisposableStore } from '../../core/lifecycle';
import type { ServerEntry } from '../../core/mcp/configDiff';
import { parseConfigText, parseConfigValue } from '../../core/mcp/configParse';
import type { ParsedConfig } from '../../core/mcp/configParse';
import type { ConfigProblem, ConfigSource } from '../../core/mcp/configTypes';
import { LastGoodConfigs } from '../../core/mcp/lastGoodConfig';
import { MCP_SERVERS_SETTING, mcpServerSettings, onMcpServerSettingsChange } from '../config';

const FILES = ['.vscode/mcp.json', '.mcp.json'];

export interface LoadedConfig {
  entries: ServerEntry[];
  problems: ConfigProblem[];
}

export class McpConfigSources implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when a config file or the setting changes. */
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly lastGood = new LastGoodConfigs();

  constructor() {
    const fire = () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(), 200);
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.vscode/mcp.json,.mcp.json}');
    const owned = [
      watcher,
      watcher.onDidCreate(fire),
      watcher.onDidChange(fire),
      watcher.onDidDelete(fire),
      vscode.workspace.onDidChangeWorkspaceFolders(fire),
      onMcpServerSettingsChange(fire),
      this.changed,
    ];
    for (const d of owned) this.disposables.add(d);
  }

  /** Reads every source. Later sources override earlier ones by server name, with a problem saying so. */
  async load(): Promise<LoadedConfig> {
    const entries = new Map<string, ServerEntry>();
    const problems: ConfigProblem[] = [];
    const add = (parsed: ParsedConfig) => {
      problems.push(...parsed.problems);
      for (const s of parsed.servers) {
        const earlier = entries.get(s.name);
        if (earlier) {
          problems.push({ file: s.source.file, server: s.name, line: s.line, column: s.column, message: `overrides the server of the same name in ${earlier.source.file}`, warning: true });
        }
        entries.set(s.name, { ...s, inputs: parsed.inputs });
      }
    };

    const setting = mcpServerSettings();
    if (setting.user !== undefined) add(parseConfigValue(setting.user, { file: `${MCP_SERVERS_SETTING} (user settings)`, scope: 'user' }));
    if (setting.workspace !== undefined) add(parseConfigValue(setting.workspace, { file: `${MCP_SERVERS_SETTING} (workspace settings)`, scope: 'workspace' }));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const rel of FILES) {
        const uri = vscode.Uri.joinPath(folder.uri, rel);
        const text = await readText(uri);
        if (text === undefined) continue;
        const source: ConfigSource = { file: uri.fsPath, scope: 'workspace' };
        add(this.lastGood.take(source.file, parseConfigText(text, source)));
      }
    }
    this.lastGood.endRound();
    return { entries: [...entries.values()], problems };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposables.dispose();
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined; // a missing file is simply no servers
  }
}
