// This window's own usage since activation: the cost meter's `session` period. Kept in memory,
// priced as records arrive (cache hits count as saved dollars, not spent ones).
import { callCost } from '../../core/usage/pricedModel';
import type { CallRecord, CostCalculator } from '../../core/usage/records';
import { emptyTotals, type MeterTotals } from './meterTypes';

export class SessionTally {
  private readonly sum = emptyTotals();

  constructor(private readonly pricing: () => CostCalculator) {}

  add(r: CallRecord): void {
    const s = this.sum;
    s.calls++;
    let cost = 0;
    if (r.cacheHit) {
      s.cacheHits++;
      s.savedUsd += r.savedUsd ?? 0;
    } else {
      const priced = callCost(this.pricing(), r.providerKind ?? r.provider, r, r.usage);
      if (priced === null) s.unpricedCalls++;
      cost = priced ?? 0;
    }
    s.costUsd += cost;
    const m = s.topModels.find((x) => x.model === r.model);
    if (m) {
      m.costUsd += cost;
      m.calls++;
    } else s.topModels.push({ model: r.model, costUsd: cost, calls: 1 });
  }

  totals(): MeterTotals {
    return { ...this.sum, topModels: [...this.sum.topModels].sort((a, b) => b.costUsd - a.costUsd) };
  }
}
