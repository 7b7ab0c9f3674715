// The cost meter's figures: `session` from this window's tally, `today` and `month` summed
// from the ledger by model; the budgets' spend (day, month, this workspace's month) from the ledger.
import type { Event } from '../../core/lifecycle';
import type { UsageLedger } from '../../core/usage/ledger';
import { rangeFor } from '../../core/usage/periods';
import { emptyTotals, type MeterSource, type MeterTotals } from './meterTypes';
import type { SessionTally } from './sessionTally';

export function ledgerMeterSource(ledger: () => UsageLedger, session: SessionTally, onDidChange: Event<void>): MeterSource {
  return {
    onDidChange,
    async totals(period): Promise<MeterTotals> {
      if (period === 'session') return session.totals();
      const range = rangeFor({ kind: period });
      const rows = await ledger().query({ q: 'totals', range: { from: range.from, to: range.to }, groupBy: 'model' });
      const t = emptyTotals();
      for (const r of rows) {
        t.costUsd += r.costUsd;
        t.unpricedCalls += r.unpricedCalls;
        t.calls += r.calls;
        t.cacheHits += r.cacheHits;
        t.savedUsd += r.savedUsd;
        t.topModels.push({ model: r.label, costUsd: r.costUsd, calls: r.calls });
      }
      return t;
    },
    async spent(workspace) {
      const spend = (kind: 'today' | 'month', ws?: string) => {
        const { from, to } = rangeFor({ kind });
        return ledger().query(ws === undefined ? { q: 'spend', range: { from, to } } : { q: 'spend', range: { from, to }, workspace: ws });
      };
      const [today, month, inWorkspace] = await Promise.all([spend('today'), spend('month'), workspace === undefined ? undefined : spend('month', workspace)]);
      return { todayUsd: today.costUsd, monthUsd: month.costUsd, ...(inWorkspace ? { workspaceMonthUsd: inWorkspace.costUsd } : {}) };
    },
  };
}
