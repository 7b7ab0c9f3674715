// The team ledger's state in words, for the status command and the cost meter's tooltip:
// off and why, or where it ships, the last shipment, rows pending and the last problem.
import type { TeamError } from '../../core/team/connection';
import type { TeamMonthSpend } from '../../core/team/teamProtocol';
import { formatUsd } from '../../core/money';
import type { TeamView } from './teamHost';

function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : new Date(ms).toLocaleString();
}

export function teamStatusLines(view: TeamView, problem: TeamError | undefined, month: TeamMonthSpend | undefined, now = Date.now()): string[] {
  if (view.state === 'off') return [`Team ledger: ${view.why}`];
  const s = view.client.state;
  const lines = [`Team ledger: ${view.target} as ${view.identity.member} / ${view.identity.project}`];
  if (s) {
    lines.push(s.lastShippedAt ? `last shipped ${ago(s.lastShippedAt, now)}` : 'nothing shipped yet');
    lines.push(`${s.pending} row${s.pending === 1 ? '' : 's'} pending`);
    if (s.state === 'retrying' && s.nextRetryAt) lines.push(`retrying ${s.nextRetryAt > now ? `in ${Math.ceil((s.nextRetryAt - now) / 1000)} s` : 'now'}`);
  } else lines.push('starting');
  if (problem) lines.push(`problem: ${problem.message}`);
  if (month) lines.push(`team this month (${month.month}): you ${formatUsd(month.memberUsd)}, ${view.identity.project} ${formatUsd(month.projectUsd)}`);
  return lines;
}
