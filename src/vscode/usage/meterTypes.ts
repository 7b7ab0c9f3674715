// What the cost meter shows and reads: shared by its settings (configSections.ts), its view and
// the usage adapters, so none of them imports another for a type.
import type { BudgetEnforcement, Budgets, Spent } from '../../core/usage/budget';
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

/** What the meter reads; the host backs it with the usage ledger (and this window's own tally for `session`). */
export interface MeterSource {
  totals(period: MeterPeriod): Promise<MeterTotals>;
  /** Today's and this month's spend, and `workspace`'s month spend when one is given, for the budgets. */
  spent(workspace: string | undefined): Promise<Spent>;
  readonly onDidChange: Event<void>;
}

export function emptyTotals(): MeterTotals {
  return { costUsd: 0, unpricedCalls: 0, calls: 0, cacheHits: 0, savedUsd: 0, topModels: [] };
}
