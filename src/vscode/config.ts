// One typed view of the surfaces' settings (`switchboard.costMeter.*`, `.budget.*`, `.agent.*`),
// read fresh on each use so changes apply without a reload. The engines' settings are read
// by their own host modules (providers, cache, MCP, ledger) next to the code they configure.
import * as vscode from 'vscode';
import type { MeterPeriod, MeterSettings } from './views/costMeter';

export interface Config {
  costMeter: MeterSettings;
  agent: { maxSteps: number; maxCostUsd: number };
}

const PERIODS: readonly MeterPeriod[] = ['session', 'today', 'month'];

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration('switchboard');
  const period = c.get<MeterPeriod>('costMeter.period', 'today');
  return {
    costMeter: {
      period: PERIODS.includes(period) ? period : 'today',
      budgets: { daily: nonNegative(c.get<number>('budget.daily'), 0), monthly: nonNegative(c.get<number>('budget.monthly'), 0) },
    },
    agent: {
      maxSteps: Math.max(1, Math.floor(nonNegative(c.get<number>('agent.maxSteps'), 10))),
      maxCostUsd: nonNegative(c.get<number>('agent.maxCostUsd'), 0),
    },
  };
}
