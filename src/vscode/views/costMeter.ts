// The status-bar cost meter: `$(pulse) $1.23 today`, its tooltip (top models, calls, cache
// hit rate, dollars saved, budget use), warning/error backgrounds at 80 %/100 % of a budget.
// The item shows from construction on (activation); the figures follow once the ledger has
// opened. Click opens the dashboard.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import { DisposableStore, type Disposable } from '../../core/lifecycle';
import { budgetUse, hasBudget, worstLevel } from '../../core/usage/budget';
import { Commands } from '../commandIds';
import type { StatusItemSink } from '../ports';
import type { MeterSettings, MeterSource } from '../usage/meterTypes';
import type { BudgetAlerts } from './budgetAlerts';
import { meterText, meterTooltip } from './meterText';

export class CostMeter implements Disposable {
  private readonly disposables = new DisposableStore();
  private updating: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly item: StatusItemSink,
    private readonly source: MeterSource,
    private readonly settings: () => MeterSettings,
    private readonly alerts: BudgetAlerts,
    private readonly log: vscode.LogOutputChannel,
    /** This window's workspace (its name), whose monthly budget the meter shows; undefined = none open. */
    private readonly workspace: () => string | undefined,
  ) {
    item.name = 'Switchboard Cost Meter';
    item.text = '$(pulse) Switchboard';
    item.tooltip = 'Switchboard: reading usage… Click to open the usage dashboard.';
    item.command = Commands.showDashboard;
    item.show();
    this.disposables.add(source.onDidChange(() => void this.update()));
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
    const { period, budgets, enforcement } = this.settings();
    const [shown, spent, team] = await Promise.all([
      this.source.totals(period),
      hasBudget(budgets) ? this.source.spent(this.workspace()) : undefined,
      this.source.team?.(),
    ]);
    const uses = [...(spent ? budgetUse(budgets, spent) : []), ...(team?.uses ?? [])];
    const level = worstLevel(uses);
    this.item.text = meterText(period, shown);
    this.item.backgroundColor =
      level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = meterTooltip(period, shown, uses, enforcement, team?.lines);
    this.alerts.notify(uses);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
