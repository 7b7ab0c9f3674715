// The cost meter's words: its status-bar text and its Markdown tooltip.
import * as vscode from 'vscode';
import { formatUsd as usd } from '../../core/money';
import type { BudgetEnforcement, BudgetPeriod, BudgetUse } from '../../core/usage/budget';
import type { MeterPeriod, MeterTotals } from '../usage/meterTypes';

/** Models listed in the tooltip, most expensive first. */
const TOOLTIP_MODELS = 5;
const PERIOD_LABEL: Record<MeterPeriod, string> = { session: 'this session', today: 'today', month: 'this month' };
const BUDGET_LABEL: Record<BudgetPeriod, string> = {
  daily: 'Daily budget', monthly: 'Monthly budget', workspace: 'Workspace monthly budget',
  teamMember: 'Team monthly budget (you)', teamProject: 'Team monthly budget (project)',
};

export function meterText(period: MeterPeriod, shown: MeterTotals): string {
  return `$(pulse) ${usd(shown.costUsd)}${shown.unpricedCalls ? '+' : ''} ${period === 'session' ? 'session' : PERIOD_LABEL[period]}`;
}

export function meterTooltip(period: MeterPeriod, t: MeterTotals, uses: BudgetUse[], enforcement: BudgetEnforcement, team: readonly string[] = []): vscode.MarkdownString {
  // Model names come from configuration and providers: escape them as Markdown text.
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**Switchboard — ${PERIOD_LABEL[period]}**\n\n`);
  md.appendText(`${usd(t.costUsd)} over ${t.calls} call${t.calls === 1 ? '' : 's'}`);
  if (t.unpricedCalls) md.appendText(` (+ ${t.unpricedCalls} unpriced)`);
  md.appendMarkdown('\n\n');
  const hitRate = t.calls ? ((t.cacheHits / t.calls) * 100).toFixed(0) : '0';
  md.appendText(`Cache: ${t.cacheHits} hits (${hitRate} %), ${usd(t.savedUsd)} saved`);
  md.appendMarkdown('\n\n');
  for (const m of t.topModels.slice(0, TOOLTIP_MODELS)) {
    md.appendMarkdown('- ');
    md.appendText(`${m.model}: ${usd(m.costUsd)} (${m.calls} calls)`);
    md.appendMarkdown('\n');
  }
  for (const u of uses) {
    md.appendMarkdown('\n');
    md.appendText(`${BUDGET_LABEL[u.period]}: ${usd(u.spentUsd)} of ${usd(u.budgetUsd)} (${Math.round(u.fraction * 100)} %)`);
  }
  if (uses.length) {
    md.appendMarkdown('\n\n');
    md.appendText(enforcement === 'block' ? 'Budgets block: at 100 % new requests are refused.' : 'Budgets warn only (switchboard.budget.enforcement).');
  }
  for (const line of team) {
    md.appendMarkdown('\n\n');
    md.appendText(line);
  }
  md.appendMarkdown('\n\nClick to open the usage dashboard.');
  return md;
}
