// Budget thresholds for the cost meter: a warning at 80 % and an error at 100 % of the daily
// or monthly budget, and exactly one notification per threshold per period (remembered
// across reloads by the host through `seen`).
import { dayKey } from './periods';

export interface Budgets {
  /** USD per local day; 0 or undefined = none. */
  daily?: number;
  /** USD per local calendar month; 0 or undefined = none. */
  monthly?: number;
}

export type BudgetLevel = 'ok' | 'warning' | 'error';

/** Local budgets (this machine's ledger) and team budgets (the team database's month, every machine). */
export type BudgetPeriod = 'daily' | 'monthly' | 'teamMember' | 'teamProject';

/** How a budget is named in messages: "your daily budget". */
export const BUDGET_NAMES: Readonly<Record<BudgetPeriod, string>> = {
  daily: 'daily budget',
  monthly: 'monthly budget',
  teamMember: 'team monthly budget (you, every machine)',
  teamProject: 'team monthly budget for this project',
};

export interface BudgetUse {
  period: BudgetPeriod;
  /** `YYYY-MM-DD` or `YYYY-MM`: which day or month the spend belongs to. */
  periodKey: string;
  spentUsd: number;
  budgetUsd: number;
  fraction: number;
  level: BudgetLevel;
}

export const WARNING_FRACTION = 0.8;

export function levelOf(fraction: number): BudgetLevel {
  return fraction >= 1 ? 'error' : fraction >= WARNING_FRACTION ? 'warning' : 'ok';
}

export function budgetUse(budgets: Budgets, spent: { todayUsd: number; monthUsd: number }, now: Date = new Date()): BudgetUse[] {
  const day = dayKey(now);
  const uses: BudgetUse[] = [];
  if (budgets.daily && budgets.daily > 0) {
    const fraction = spent.todayUsd / budgets.daily;
    uses.push({ period: 'daily', periodKey: day, spentUsd: spent.todayUsd, budgetUsd: budgets.daily, fraction, level: levelOf(fraction) });
  }
  if (budgets.monthly && budgets.monthly > 0) {
    const fraction = spent.monthUsd / budgets.monthly;
    uses.push({ period: 'monthly', periodKey: day.slice(0, 7), spentUsd: spent.monthUsd, budgetUsd: budgets.monthly, fraction, level: levelOf(fraction) });
  }
  return uses;
}

/** The worst level among the budgets in use. */
export function worstLevel(uses: readonly BudgetUse[]): BudgetLevel {
  return uses.some((u) => u.level === 'error') ? 'error' : uses.some((u) => u.level === 'warning') ? 'warning' : 'ok';
}

/**
 * The thresholds crossed that have not been announced yet in their period. Marks them in
 * `seen` (which the host persists); a crossing of 100 % also covers 80 %.
 */
export function newCrossings(uses: readonly BudgetUse[], seen: Set<string>): BudgetUse[] {
  const out: BudgetUse[] = [];
  for (const use of uses) {
    if (use.level === 'ok') continue;
    const keys = use.level === 'error' ? [`${use.period}:${use.periodKey}:100`, `${use.period}:${use.periodKey}:80`] : [`${use.period}:${use.periodKey}:80`];
    if (seen.has(keys[0]!)) continue;
    for (const k of keys) seen.add(k);
    out.push(use);
  }
  return out;
}
