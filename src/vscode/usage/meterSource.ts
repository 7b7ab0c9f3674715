// The cost meter's figures: `session` from this window's tally, `today` and `month` summed
// from the ledger by model.
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
  };
}
