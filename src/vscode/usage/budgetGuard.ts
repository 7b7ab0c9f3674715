// The host side of budget enforcement: the check every upstream LLM request passes (spend is read
// from the ledger only when `block` is on and a budget is set, so `warn` costs nothing per
// request), and the refusal's message with its one action, raising the budget that was reached.
import * as vscode from 'vscode';
import { budgetRefusal, budgetUse, hasBudget, type BudgetRefusal } from '../../core/usage/budget';
import type { BudgetCheck } from '../../core/usage/budgetedProvider';
import { Commands } from '../commandIds';
import type { UiPrompts } from '../uiPrompts';
import type { MeterSettings, MeterSource } from './meterTypes';

export function budgetCheck(source: Pick<MeterSource, 'spent'>, settings: () => MeterSettings): BudgetCheck {
  return async (request) => {
    const { budgets, enforcement } = settings();
    if (enforcement !== 'block' || !hasBudget(budgets)) return undefined;
    return budgetRefusal(enforcement, budgetUse(budgets, await source.spent(request.metadata?.context?.workspace)));
  };
}

const RAISE: Record<BudgetRefusal['use']['period'], string> = {
  daily: "Raise Today's Limit",
  monthly: 'Raise Monthly Budget',
  workspace: 'Raise Workspace Budget',
};

/** Shows the refusal with one button that opens Set Budget for the budget that was reached. */
export async function showBudgetRefusal(prompts: UiPrompts, refusal: BudgetRefusal): Promise<void> {
  const action = RAISE[refusal.use.period];
  const pick = await prompts.error(refusal.message, action);
  if (pick === action) await vscode.commands.executeCommand(Commands.setBudget, refusal.use.period);
}
