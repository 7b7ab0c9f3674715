// The host side of budget enforcement: the check every LLM request passes (spend is read from the
// ledger only when `block` is on and a budget is set, so `warn` costs nothing per request), and the
// refusal's message with its one action, raising the budget that was reached.
import * as vscode from 'vscode';
import { budgetRefusal, budgetUse, type BudgetRefusal } from '../../core/usage/budget';
import type { BudgetCheck } from '../../core/usage/budgetedProvider';
import type { MeterSettings, MeterSource } from '../views/costMeter';

export function budgetCheck(source: Pick<MeterSource, 'spent'>, settings: () => MeterSettings): BudgetCheck {
  return async () => {
    const { budgets, enforcement } = settings();
    if (enforcement !== 'block' || !(budgets.daily || budgets.monthly || budgets.workspaceMonthly)) return undefined;
    return budgetRefusal(enforcement, budgetUse(budgets, await source.spent()));
  };
}

const RAISE: Record<BudgetRefusal['use']['period'], string> = {
  daily: "Raise Today's Limit",
  monthly: 'Raise Monthly Budget',
  workspace: 'Raise Workspace Budget',
};

/** Shows the refusal with one button that opens Set Budget for the budget that was reached. */
export async function showBudgetRefusal(refusal: BudgetRefusal): Promise<void> {
  const action = RAISE[refusal.use.period];
  const pick = await vscode.window.showErrorMessage(refusal.message, action);
  if (pick === action) await vscode.commands.executeCommand('switchboard.setBudget', refusal.use.period);
}
