// "Connect Team Ledger…", "Disconnect Team Ledger" and "Show Team Ledger Status". Connecting
// asks for the URL (when unset) and the password (kept in secret storage only), tests the
// connection in a worker and says exactly what failed, then shows who will ship, and lets the
// user change it, before anything is shipped.
import { errorMessage } from '../../core/errorMessage';
import { parseTeamUrl } from '../../core/team/connection';
import { isTeamError } from '../../core/team/probe';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';
import type { ConfigPort } from '../config';
import type { UiPrompts } from '../uiPrompts';
import { type TeamHost, passwordKey } from './teamHost';
import { stripPassword } from './teamSettings';
import { teamStatusLines } from './teamStatus';

export interface TeamCommandPorts {
  team: TeamHost;
  config: ConfigPort;
  prompts: UiPrompts;
  secrets: { store(key: string, value: string): Thenable<void>; delete(key: string): Thenable<void> };
}

const TITLE = 'Switchboard: Connect Team Ledger';
export const START = 'Start Shipping';
export const CHANGE_MEMBER = 'Change Member';
export const CHANGE_PROJECT = 'Change Project';

function urlProblem(v: string): string | undefined {
  const { problem } = stripPassword(v.trim());
  if (problem) return problem.includes('password') ? 'Leave the password out of the URL: you will be asked for it next (it goes to secret storage).' : problem;
  try {
    parseTeamUrl(v.trim());
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

/** Returns true when shipping was started. */
export async function connectTeamLedger(p: TeamCommandPorts): Promise<boolean> {
  const { team, config, prompts } = p;
  let url = team.settings().database;
  if (!url || team.settings().databaseProblem) {
    const typed = await prompts.input({
      title: `${TITLE}: database URL (no password)`,
      placeHolder: 'postgres://you@db.example.com:5432/switchboard?sslmode=verify-full',
      value: url ?? '',
      ignoreFocusOut: true,
      validateInput: urlProblem,
    });
    if (typed === undefined) return false;
    const problem = urlProblem(typed);
    if (problem) {
      void prompts.error(`Switchboard: ${problem}`);
      return false;
    }
    url = typed.trim();
    await config.writeTeam('database', url);
  }
  const target = parseTeamUrl(url);
  const password = await prompts.input({
    title: `${TITLE}: password for ${target.user || 'the default user'} at ${target.label}`,
    prompt: 'Kept in VS Code secret storage, never in settings. Leave empty if the server needs none.',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return false;
  const probe = await team.probe(target, password || undefined);
  if (isTeamError(probe)) {
    void prompts.error(`Switchboard: cannot connect the team ledger (${probe.kind}): ${probe.message}`);
    return false;
  }
  for (;;) {
    const who = await team.identity();
    const pick = await prompts.info(
      `Switchboard will ship usage metadata (never prompts, answers or keys) to ${target.label} (PostgreSQL ${probe.server}, schema ${probe.schemaVersion}) as member "${who.member}", project "${who.project}", machine "${who.machine}".`,
      START, CHANGE_MEMBER, CHANGE_PROJECT,
    );
    if (pick === START) break;
    if (pick !== CHANGE_MEMBER && pick !== CHANGE_PROJECT) return false;
    const key = pick === CHANGE_MEMBER ? 'member' : 'project';
    const value = await prompts.input({ title: `${TITLE}: ${key} (empty for the default)`, value: who[key], ignoreFocusOut: true });
    if (value !== undefined) await config.writeTeam(key, value.trim() || undefined);
  }
  if (password) await p.secrets.store(passwordKey(target), password);
  else await p.secrets.delete(passwordKey(target));
  await team.confirm(url);
  await team.restart();
  return true;
}

export async function disconnectTeamLedger(p: TeamCommandPorts): Promise<void> {
  const url = p.team.settings().database;
  if (url) {
    try {
      await p.secrets.delete(passwordKey(parseTeamUrl(url)));
    } catch {
      // A URL that does not parse has no password stored.
    }
  }
  await p.team.confirm(undefined);
  await p.team.restart();
  void p.prompts.info('Switchboard: the team ledger is disconnected; its password is forgotten. Local recording goes on; what was not shipped ships when you connect again.');
}

export async function showTeamLedgerStatus(p: TeamCommandPorts): Promise<void> {
  const lines = teamStatusLines(p.team.current, p.team.problem, await p.team.monthSpend());
  const pick = await p.prompts.info(lines.join(' · '), ...(p.team.current.state === 'off' ? ['Connect…'] : []));
  if (pick === 'Connect…') await connectTeamLedger(p);
}

export function teamCommands(p: TeamCommandPorts): CommandMap {
  return {
    [Commands.connectTeamLedger]: () => connectTeamLedger(p),
    [Commands.disconnectTeamLedger]: () => disconnectTeamLedger(p),
    [Commands.showTeamLedgerStatus]: () => showTeamLedgerStatus(p),
  };
}

