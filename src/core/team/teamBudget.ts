// Team budgets: this month's spend from the team database (every machine counts) against the
// member's and the project's monthly budgets, as BudgetUses so they warn (and, where budgets
// are enforced, refuse) exactly like local budgets.
import { type BudgetUse, levelOf } from '../usage/budget';
import type { TeamMonthSpend } from './teamProtocol';

export interface TeamBudgets {
  /** USD per UTC month for this member across the team database; 0 = none. */
  memberMonthly: number;
  /** USD per UTC month for this project across the team database; 0 = none. */
  projectMonthly: number;
}

export function teamBudgetUse(budgets: TeamBudgets, spent: TeamMonthSpend): BudgetUse[] {
  const uses: BudgetUse[] = [];
  const add = (period: 'teamMember' | 'teamProject', budgetUsd: number, spentUsd: number) => {
    if (budgetUsd <= 0) return;
    const fraction = spentUsd / budgetUsd;
    uses.push({ period, periodKey: spent.month, spentUsd, budgetUsd, fraction, level: levelOf(fraction) });
  };
  add('teamMember', budgets.memberMonthly, spent.memberUsd);
  add('teamProject', budgets.projectMonthly, spent.projectUsd);
  return uses;
}
