// What the cost meter shows and reads: shared by its settings (configSections.ts), its view and
// the usage adapters, so none of them imports another for a type.
import type { BudgetEnforcement, BudgetUse, Budgets, Spent } from '../../core/usage/budget';
import type { Event } from '../../core/lifecycle';

export type MeterPeriod = 'session' | 'today' | 'month';

export const METER_PERIODS: readonly MeterPeriod[] = ['session', 'today', 'month'];

export interface MeterSettings {
  period: MeterPeriod;
  budgets: Budgets;
  enforcement: BudgetEnforcement;
}

export interface MeterTotals {
  costUsd: number;
  unpricedCalls: number;
  calls: number;
  cacheHits: number;
  savedUsd: number;
  topModels: { model: string; costUsd: number; calls: number }[];
}

/** The team ledger's part of the meter: its state and month in words, and the team budgets' use. */
export interface MeterTeam {
  lines: string[];
  uses: BudgetUse[];
}

/** What the meter reads; the host backs it with the usage ledger (and this window's own tally for `session`). */
export interface MeterSource {
  totals(period: MeterPeriod): Promise<MeterTotals>;
  /** The team ledger's part, when one is configured. */
  team?(): Promise<MeterTeam | undefined>;
  /** Today's and this month's spend, and `workspace`'s month spend when one is given, for the budgets. */
  spent(workspace: string | undefined): Promise<Spent>;
  readonly onDidChange: Event<void>;
}

export function emptyTotals(): MeterTotals {
  return { costUsd: 0, unpricedCalls: 0, calls: 0, cacheHits: 0, savedUsd: 0, topModels: [] };
}
