// The `switchboard.team.*` settings, typed: the database URL (a password in it is stripped,
// never used, and named in a problem), the identity overrides and the team budgets. Pure, so
// it is unit-tested in plain Node.

export interface TeamSettings {
  /** The connection URL without any password; undefined when the team ledger is not configured. */
  database?: string;
  /** Why the database setting was not used as written (a password in it, not a URL). */
  databaseProblem?: string;
  /** Empty: `git config user.email`, else the OS user. */
  member: string;
  /** Empty: the workspace folder's name. */
  project: string;
  budget: { memberMonthly: number; projectMonthly: number };
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const usd = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/**
 * The URL with any password removed, and a message when there was one. Passwords belong in
 * secret storage, never in settings (which sync, and are shown and shared).
 */
export function stripPassword(url: string): { url: string; problem?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, problem: 'switchboard.team.database is not a URL (expected postgres://user@host:5432/database)' };
  }
  if (!u.password) return { url };
  u.password = '';
  return {
    url: u.toString(),
    problem: 'switchboard.team.database contains a password; it was ignored. Remove it from the setting and run "Switchboard: Connect Team Ledger…", which keeps the password in secret storage.',
  };
}

export function parseTeamSettings(get: (key: string) => unknown): TeamSettings {
  const raw = text(get('team.database'));
  const { url, problem } = raw ? stripPassword(raw) : { url: undefined, problem: undefined };
  return {
    ...(url ? { database: url } : {}),
    ...(problem ? { databaseProblem: problem } : {}),
    member: text(get('team.member')),
    project: text(get('team.project')),
    budget: { memberMonthly: usd(get('team.budget.memberMonthly')), projectMonthly: usd(get('team.budget.projectMonthly')) },
  };
}
