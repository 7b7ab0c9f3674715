// Decides whether a server may start. In an untrusted workspace, servers the workspace defines
// never start (user-level ones still do) and the user is told once. The first start of a
// workspace-defined stdio server shows its exact command line and asks; the answer is kept per
// workspace (as a hash, since the command line may hold substituted secrets) in the workspace's
// storage folder, which every window of the workspace shares; changing the command, arguments,
// cwd or env asks again.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { ApprovedCommands } from '../../core/mcp/approvedCommands';
import type { TextFile } from '../../core/mcp/approvedCommands';
import type { ServerConfig } from '../../core/mcp/configTypes';
import type { StoragePorts } from '../ports';
import type { UiPrompts } from '../uiPrompts';

/** Where approvals were kept before (per window, read once); still honoured. */
const APPROVED_KEY = 'switchboard.mcp.approvedCommands';

export class StartGuard {
  private toldUntrusted = false;
  private readonly approved: ApprovedCommands;

  constructor(
    private readonly context: Pick<StoragePorts, 'workspaceState' | 'storageUri'>,
    private readonly prompts: UiPrompts,
  ) {
    this.approved = new ApprovedCommands(context.storageUri ? storageFile(context.storageUri) : mementoFile(context.workspaceState));
  }

  async check(config: ServerConfig): Promise<void> {
    if (config.source.scope !== 'workspace') return;
    if (!vscode.workspace.isTrusted) {
      this.tellUntrusted();
      throw new Error(`not started: the workspace is not trusted and "${config.name}" is defined by it (${config.source.file})`);
    }
    const t = config.transport;
    if (t.type !== 'stdio') return;
    const line = [t.command, ...t.args].map(quote).join(' ');
    // The environment is part of what runs (NODE_OPTIONS, LD_PRELOAD…): an edit to it asks again.
    const key = createHash('sha256').update(JSON.stringify([config.name, t.command, t.args, t.cwd ?? '', t.env])).digest('hex');
    const envNames = Object.keys(t.env);
    if (this.context.workspaceState.get<string[]>(APPROVED_KEY, []).includes(key) || (await this.approved.has(key))) return;
    const run = 'Start Server';
    const answer = await this.prompts.confirm(
      `Start the MCP server "${config.name}" defined by this workspace?`,
      `It runs this command on your machine:\n\n${line}${t.cwd ? `\n\nin ${t.cwd}` : ''}` +
        `${envNames.length ? `\n\nwith environment variables: ${envNames.join(', ')}` : ''}\n\nDefined in ${config.source.file}`,
      run,
    );
    if (answer !== run) throw new Error(`not started: you declined to run "${line}"`);
    await this.approved.add(key);
  }

  /** Tells the user, once per session, why workspace servers do not run. */
  tellUntrusted(): void {
    if (this.toldUntrusted) return;
    this.toldUntrusted = true;
    void this.prompts.warn(
      'Switchboard: MCP servers defined by this workspace do not start because the workspace is not trusted. Servers from your user settings still run.',
    );
  }
}

function storageFile(folder: vscode.Uri): TextFile {
  const uri = vscode.Uri.joinPath(folder, 'approved-commands.json');
  return {
    // Missing (nothing approved yet) or unreadable: either way the user is asked.
    read: () => Promise.resolve(vscode.workspace.fs.readFile(uri)).then((bytes) => new TextDecoder().decode(bytes), () => undefined),
    write: async (text) => {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    },
  };
}

/** Without a workspace folder there is no shared storage folder; such windows share nothing anyway. */
function mementoFile(memento: vscode.Memento): TextFile {
  const key = `${APPROVED_KEY}.file`;
  return { read: async () => memento.get<string>(key), write: (text) => Promise.resolve(memento.update(key, text)) };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
