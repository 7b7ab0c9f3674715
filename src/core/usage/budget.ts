// Budget thresholds for the cost meter: a warning at 80 % and an error at 100 % of the daily,
// monthly or this workspace's monthly budget, and exactly one notification per threshold per
// period (remembered across reloads by the host through `seen`). With `block` enforcement a
// budget at 100 % also refuses new LLM requests before they are sent (`budgetRefusal`).
import { formatUsd } from '../money';
import { dayKey } from './periods';

export interface Budgets {
  /** USD per local day; 0 or undefined = none. */
  daily?: number;
  /** USD per local calendar month; 0 or undefined = none. */
  monthly?: number;
  /** USD per calendar month for calls made from this workspace; 0 or undefined = none. */
  workspaceMonthly?: number;
}

/** `warn` only colours the meter and notifies; `block` also refuses requests over a budget. */
export type BudgetEnforcement = 'warn' | 'block';

export interface Spent {
  todayUsd: number;
  monthUsd: number;
  /** This month's spend of calls recorded for this workspace. */
  workspaceMonthUsd?: number;
}

/** Local budgets (this machine's ledger) and team budgets (the team database's UTC month, every machine). */
export type BudgetPeriod = 'daily' | 'monthly' | 'workspace' | 'teamMember' | 'teamProject';

export type BudgetLevel = 'ok' | 'warning' | 'error';

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

/** Whether any budget is set (spend need not be read otherwise). */
export function hasBudget(budgets: Budgets): boolean {
  return Boolean(budgets.daily || budgets.monthly || budgets.workspaceMonthly);
}

export function budgetUse(budgets: Budgets, spent: Spent, now: Date = new Date()): BudgetUse[] {
  const day = dayKey(now);
  const month = day.slice(0, 7);
  const uses: BudgetUse[] = [];
  const add = (period: BudgetPeriod, periodKey: string, spentUsd: number, budgetUsd: number | undefined) => {
    if (!budgetUsd || budgetUsd <= 0) return;
    const fraction = spentUsd / budgetUsd;
    uses.push({ period, periodKey, spentUsd, budgetUsd, fraction, level: levelOf(fraction) });
  };
  add('daily', day, spent.todayUsd, budgets.daily);
  add('monthly', month, spent.monthUsd, budgets.monthly);
  add('workspace', month, spent.workspaceMonthUsd ?? 0, budgets.workspaceMonthly);
  return uses;
}

/** Each budget as a sentence names it ("over your daily budget", "this workspace's monthly budget of $20.00 is reached"). */
export const BUDGET_NAMES: Record<BudgetPeriod, string> = {
  daily: 'your daily budget', monthly: 'your monthly budget', workspace: "this workspace's monthly budget",
  teamMember: 'your team monthly budget (every machine)', teamProject: "this project's team monthly budget",
};
const SPENT_WHEN: Record<BudgetPeriod, string> = {
  daily: 'today', monthly: 'this month', workspace: 'in this workspace this month',
  teamMember: 'by you this month on every machine', teamProject: 'on this project by the whole team this month',
};

export interface BudgetRefusal {
  use: BudgetUse;
  /** Names the budget and the spend; shown to the user and returned to the caller. */
  message: string;
}

/**
 * Whether a new request must be refused: only under `block`, and only when a budget is at or past
 * 100 %. The first such budget in `uses` (daily, monthly, workspace, then team budgets) is the one named.
 */
export function budgetRefusal(enforcement: BudgetEnforcement, uses: readonly BudgetUse[]): BudgetRefusal | undefined {
  if (enforcement !== 'block') return undefined;
  const use = uses.find((u) => u.fraction >= 1);
  if (!use) return undefined;
  const message =
    `Switchboard blocked this request: ${BUDGET_NAMES[use.period]} of ${formatUsd(use.budgetUsd)} is reached ` +
    `(${formatUsd(use.spentUsd)} spent ${SPENT_WHEN[use.period]}). Raise the budget or set switchboard.budget.enforcement to "warn" to continue.`;
  return { use, message };
}

/** Thrown instead of sending a request over budget; `kind` matches the provider errors' field. */
export class BudgetExceededError extends Error {
  readonly kind = 'budget';
  constructor(readonly refusal: BudgetRefusal) {
    super(refusal.message);
    this.name = 'BudgetExceededError';
  }
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
