// The status-bar cost meter: `$(pulse) $1.23 today`, its tooltip (top models, calls, cache
// hit rate, dollars saved, budget use), warning/error backgrounds at 80 %/100 % of a budget,
// and one notification per threshold per period. Click opens the dashboard.
import { errorMessage } from '../../core/errorMessage';
import * as vscode from 'vscode';
import type { BudgetUse, Budgets } from '../../core/usage/budget';
import { budgetUse, newCrossings, worstLevel } from '../../core/usage/budget';
import { formatUsd } from '../../core/money';
import { readConfig } from '../config';

export type MeterPeriod = 'session' | 'today' | 'month';

export interface MeterTotals {
  costUsd: number;
  unpricedCalls: number;
  calls: number;
  cacheHits: number;
  savedUsd: number;
  topModels: { model: string; costUsd: number; calls: number }[];
}

/** What the meter reads; the host backs it with the usage ledger (and this window's own tally for `session`). */
export interface MeterSource {
  totals(period: MeterPeriod): Promise<MeterTotals>;
  readonly onDidChange: vscode.Event<void>;
}

export interface MeterSettings {
  period: MeterPeriod;
  budgets: Budgets;
}

const SEEN_KEY = 'switchboard.budgetNotified';
const PERIOD_LABEL: Record<MeterPeriod, string> = { session: 'this session', today: 'today', month: 'this month' };

export class CostMeter implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private updating: Promise<void> | undefined;
  private again = false;
  private readonly seen: Set<string>;
  /** The last text shown, for the host tests. */
  lastText = '';

  constructor(
    private readonly item: vscode.StatusBarItem,
    private readonly source: MeterSource,
    private settings: () => MeterSettings,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.seen = new Set(memento.get<string[]>(SEEN_KEY, []));
    this.disposables.push(source.onDidChange(() => this.update()));
  }

  /** Recomputes the meter; overlapping requests collapse into one follow-up. */
  update(): Promise<void> {
    if (this.updating) {
      this.again = true;
      return this.updating;
    }
    this.updating = this.render()
      .catch((err: unknown) => this.log.warn(`cost meter: ${errorMessage(err)}`))
      .finally(() => {
        this.updating = undefined;
        if (this.again) {
          this.again = false;
          void this.update();
        }
      });
    return this.updating;
  }

  private async render(): Promise<void> {
    const { period, budgets } = this.settings();
    const needBudgets = Boolean(budgets.daily || budgets.monthly);
    const [shown, today, month] = await Promise.all([
      this.source.totals(period),
      needBudgets ? this.source.totals('today') : undefined,
      needBudgets ? this.source.totals('month') : undefined,
    ]);
    const uses = needBudgets ? budgetUse(budgets, { todayUsd: today?.costUsd ?? 0, monthUsd: month?.costUsd ?? 0 }) : [];
    const level = worstLevel(uses);

    this.lastText = `$(pulse) ${formatUsd(shown.costUsd)}${shown.unpricedCalls ? '+' : ''} ${period === 'session' ? 'session' : PERIOD_LABEL[period]}`;
    this.item.text = this.lastText;
    this.item.backgroundColor =
      level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = this.tooltip(period, shown, uses);
    this.notify(uses);
  }

  private tooltip(period: MeterPeriod, t: MeterTotals, uses: BudgetUse[]): vscode.MarkdownString {
    // Model names come from configuration and providers: escape them as Markdown text.
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**Switchboard — ${PERIOD_LABEL[period]}**\n\n`);
    md.appendText(`${formatUsd(t.costUsd)} over ${t.calls} call${t.calls === 1 ? '' : 's'}`);
    if (t.unpricedCalls) md.appendText(` (+ ${t.unpricedCalls} unpriced)`);
    md.appendMarkdown('\n\n');
    const hitRate = t.calls ? ((t.cacheHits / t.calls) * 100).toFixed(0) : '0';
    md.appendText(`Cache: ${t.cacheHits} hits (${hitRate} %), ${formatUsd(t.savedUsd)} saved`);
    md.appendMarkdown('\n\n');
    for (const m of t.topModels.slice(0, 5)) {
      md.appendMarkdown('- ');
      md.appendText(`${m.model}: ${formatUsd(m.costUsd)} (${m.calls} calls)`);
      md.appendMarkdown('\n');
    }
    for (const u of uses) {
      md.appendMarkdown('\n');
      md.appendText(`${u.period === 'daily' ? 'Daily' : 'Monthly'} budget: ${formatUsd(u.spentUsd)} of ${formatUsd(u.budgetUsd)} (${Math.round(u.fraction * 100)} %)`);
    }
    md.appendMarkdown('\n\nClick to open the usage dashboard.');
    return md;
  }

  private notify(uses: BudgetUse[]): void {
    const crossings = newCrossings(uses, this.seen);
    if (crossings.length === 0) return;
    void this.memento.update(SEEN_KEY, [...this.seen].slice(-50));
    for (const c of crossings) {
      const what = `${c.period === 'daily' ? 'daily' : 'monthly'} budget: ${formatUsd(c.spentUsd)} of ${formatUsd(c.budgetUsd)}`;
      const show = c.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
      void show(`Switchboard: ${c.level === 'error' ? 'over' : '80 % of'} your ${what}.`, 'Open Dashboard', 'Set Budget').then((pick) => {
        if (pick === 'Open Dashboard') void vscode.commands.executeCommand('switchboard.showDashboard');
        if (pick === 'Set Budget') void vscode.commands.executeCommand('switchboard.setBudget');
      });
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** "Switchboard: Set Budget": daily or monthly, in USD; 0 removes it. Args skip the prompts. */
export async function setBudget(period?: unknown, amount?: unknown): Promise<void> {
  const which =
    period === 'daily' || period === 'monthly'
      ? period
      : (
          await vscode.window.showQuickPick(
            [
              { label: 'Daily budget', value: 'daily' as const },
              { label: 'Monthly budget', value: 'monthly' as const },
            ],
            { title: 'Switchboard: Set Budget' },
          )
        )?.value;
  if (!which) return;
  const text =
    typeof amount === 'number'
      ? String(amount)
      : await vscode.window.showInputBox({
          title: `Switchboard: ${which} budget in USD (0 for none)`,
          value: String(readConfig().costMeter.budgets[which] ?? 0),
          validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? undefined : 'Enter an amount in dollars, e.g. 5 or 12.50'),
        });
  if (text === undefined) return;
  await vscode.workspace.getConfiguration('switchboard.budget').update(which, Number(text), vscode.ConfigurationTarget.Global);
}
