// One notification per budget threshold (80 % and 100 %) per period, remembered across
// windows and reloads in globalState; each offers the dashboard and the budget command.
import * as vscode from 'vscode';
import { formatUsd as usd } from '../../core/money';
import type { BudgetUse } from '../../core/usage/budget';
import { BUDGET_NAMES, newCrossings } from '../../core/usage/budget';
import { Commands } from '../commandIds';
import type { UiPrompts } from '../uiPrompts';

const SEEN_KEY = 'switchboard.budgetNotified';
/** Crossings remembered: far more than the periods a user keeps a window open for. */
const SEEN_KEPT = 50;

export class BudgetAlerts {
  private readonly seen: Set<string>;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly prompts: UiPrompts,
  ) {
    this.seen = new Set(memento.get<string[]>(SEEN_KEY, []));
  }

  /** Notifies each threshold `uses` crosses for the first time in its period. */
  notify(uses: BudgetUse[]): void {
    const crossings = newCrossings(uses, this.seen);
    if (crossings.length === 0) return;
    void this.memento.update(SEEN_KEY, [...this.seen].slice(-SEEN_KEPT));
    for (const c of crossings) {
      const what = `${BUDGET_NAMES[c.period]}: ${usd(c.spentUsd)} of ${usd(c.budgetUsd)}`;
      const show = c.level === 'error' ? this.prompts.error : this.prompts.warn;
      void show(`Switchboard: ${c.level === 'error' ? 'over' : '80 % of'} ${what}.`, 'Open Dashboard', 'Set Budget').then((pick) => {
        if (pick === 'Open Dashboard') void vscode.commands.executeCommand(Commands.showDashboard);
        if (pick === 'Set Budget') void vscode.commands.executeCommand(Commands.setBudget);
      });
    }
  }
}
