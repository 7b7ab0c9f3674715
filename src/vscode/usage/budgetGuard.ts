// The host side of budget enforcement: the check every upstream LLM request passes (spend is read
// from the ledger only when `block` is on and a budget is set, so `warn` costs nothing per
// request), and the refusal's message with its one action, raising the budget that was reached.
import * as vscode from 'vscode';
import { budgetRefusal, budgetUse, hasBudget, type BudgetRefusal, type BudgetUse } from '../../core/usage/budget';
import type { BudgetCheck } from '../../core/usage/budgetedProvider';
import { Commands } from '../commandIds';
import type { UiPrompts } from '../uiPrompts';
import type { MeterSettings, MeterSource } from './meterTypes';

/**
 * `teamUses`: the team budgets' use (from the team database's month, cached by the team host;
 * empty when none is set or the team database cannot be read, so an outage never blocks).
 */
export function budgetCheck(source: Pick<MeterSource, 'spent'>, settings: () => MeterSettings, teamUses: () => Promise<BudgetUse[]> = async () => []): BudgetCheck {
  return async (request) => {
    const { budgets, enforcement } = settings();
    if (enforcement !== 'block') return undefined;
    const [spent, team] = await Promise.all([hasBudget(budgets) ? source.spent(request.metadata?.context?.workspace) : undefined, teamUses()]);
    return budgetRefusal(enforcement, [...(spent ? budgetUse(budgets, spent) : []), ...team]);
  };
}

const RAISE: Record<BudgetRefusal['use']['period'], string> = {
  daily: "Raise Today's Limit",
  monthly: 'Raise Monthly Budget',
  workspace: 'Raise Workspace Budget',
  teamMember: 'Raise Team Budget',
  teamProject: 'Raise Project Budget',
};

/** Shows the refusal with one button that opens Set Budget for the budget that was reached. */
export async function showBudgetRefusal(prompts: UiPrompts, refusal: BudgetRefusal): Promise<void> {
  const action = RAISE[refusal.use.period];
  const pick = await prompts.error(refusal.message, action);
  if (pick !== action) return;
  const team = refusal.use.period === 'teamMember' || refusal.use.period === 'teamProject';
  // Team budgets are settings of their own (switchboard.team.budget.*), not Set Budget's.
  if (team) await vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.team.budget');
  else await vscode.commands.executeCommand(Commands.setBudget, refusal.use.period);
}
