// Decides whether a server may start. In an untrusted workspace, servers the workspace defines
// never start (user-level ones still do) and the user is told once. The first start of a
// workspace-defined stdio server shows its exact command line and asks; the answer is kept per
// workspace (as a hash, since the command line may hold substituted secrets); changing the
// command, arguments, cwd or env asks again.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ServerConfig } from '../../core/mcp/configTypes';

const APPROVED_KEY = 'switchboard.mcp.approvedCommands';

export class StartGuard {
  private toldUntrusted = false;

  constructor(private readonly workspaceState: vscode.Memento) {}

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
    const approved = this.workspaceState.get<string[]>(APPROVED_KEY, []);
    if (approved.includes(key)) return;
    const run = 'Start Server';
    const answer = await vscode.window.showWarningMessage(
      `Start the MCP server "${config.name}" defined by this workspace?`,
      {
        modal: true,
        detail:
          `It runs this command on your machine:\n\n${line}${t.cwd ? `\n\nin ${t.cwd}` : ''}` +
          `${envNames.length ? `\n\nwith environment variables: ${envNames.join(', ')}` : ''}\n\nDefined in ${config.source.file}`,
      },
      run,
    );
    if (answer !== run) throw new Error(`not started: you declined to run "${line}"`);
    await this.workspaceState.update(APPROVED_KEY, [...approved, key]);
  }

  /** Tells the user, once per session, why workspace servers do not run. */
  tellUntrusted(): void {
    if (this.toldUntrusted) return;
    this.toldUntrusted = true;
    void vscode.window.showWarningMessage(
      'Switchboard: MCP servers defined by this workspace do not start because the workspace is not trusted. Servers from your user settings still run.',
    );
  }
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
