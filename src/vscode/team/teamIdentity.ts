// Who ships: the member (setting, else `git config user.email`, else the OS user), the project
// (setting, else the first workspace folder's name) and the machine (its host name).
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { TeamIdentity } from '../../core/team/batches';
import type { TeamSettings } from './teamSettings';

function gitEmail(cwd: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd, timeout: 3000, windowsHide: true }, (err, stdout) => resolve(err ? '' : stdout.trim()));
  });
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export async function resolveIdentity(settings: Pick<TeamSettings, 'member' | 'project'>): Promise<TeamIdentity> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const member = settings.member || (await gitEmail(folder?.uri.fsPath)) || osUser();
  const project = settings.project || folder?.name || 'no-workspace';
  return { member, project, machine: os.hostname() };
}
