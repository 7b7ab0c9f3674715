// Where every usage record of this window goes: into the ledger (opened lazily by LedgerHost),
// into this window's session tally, and out as a change event for the cost meter and the
// dashboard. Other windows' records arrive through the shared ledger folder; a slow poll
// notices them while a surface is showing usage.
import { errorMessage } from '../../core/errorMessage';
import * as vscode from 'vscode';
import type { RangeChoice } from '../../../media/protocol';
import { rangeFor } from '../../core/usage/periods';
import type { McpTimingRecord, McpTimingSink } from '../../core/usage/mcpTimings';
import { callCost } from '../../core/usage/pricedModel';
import type { CallRecord, CostCalculator, ExecutionRecord, ToolCallRecord, UsageSink } from '../../core/usage/records';
import type { DashboardSource } from '../dashboard/dashboardPanel';
import { dashboardData, executionDrillDown } from '../dashboard/dashboardData';
import type { MeterPeriod, MeterSource, MeterTotals } from '../views/costMeter';
import type { LedgerHost } from './ledgerHost';
import { saveUsageExport } from './usageCommands';

const CHANGE_DEBOUNCE_MS = 150;
const POLL_MS = 3000;

export class UsageHub implements UsageSink, McpTimingSink, MeterSource, DashboardSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private lastCount = -1;
  private readonly session: MeterTotals = { costUsd: 0, unpricedCalls: 0, calls: 0, cacheHits: 0, savedUsd: 0, topModels: [] };

  constructor(
    private readonly ledger: LedgerHost,
    private readonly pricing: () => CostCalculator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  recordCall(record: CallRecord): void {
    this.ledger.recordCall(record);
    this.tally(record);
    this.fireSoon();
  }

  recordToolCall(record: ToolCallRecord): void {
    this.ledger.recordToolCall(record);
    this.fireSoon();
  }

  recordExecution(record: ExecutionRecord): void {
    this.ledger.recordExecution(record);
    this.fireSoon();
  }

  recordMcpTiming(record: McpTimingRecord): void {
    this.ledger.recordMcpTiming(record);
    this.fireSoon();
  }

  /** Starts noticing other windows' records (the ledger opens now if it has not yet). */
  watchOtherWindows(): void {
    this.poll ??= setInterval(() => void this.checkForNewRows(), POLL_MS);
  }

  async totals(period: MeterPeriod): Promise<MeterTotals> {
    if (period === 'session') return { ...this.session, topModels: [...this.session.topModels].sort((a, b) => b.costUsd - a.costUsd) };
    const range = rangeFor({ kind: period });
    const rows = await this.ledger.get().query({ q: 'totals', range: { from: range.from, to: range.to }, groupBy: 'model' });
    const t: MeterTotals = { costUsd: 0, unpricedCalls: 0, calls: 0, cacheHits: 0, savedUsd: 0, topModels: [] };
    for (const r of rows) {
      t.costUsd += r.costUsd;
      t.unpricedCalls += r.unpricedCalls;
      t.calls += r.calls;
      t.cacheHits += r.cacheHits;
      t.savedUsd += r.savedUsd;
      t.topModels.push({ model: r.label, costUsd: r.costUsd, calls: r.calls });
    }
    return t;
  }

  load(range: RangeChoice) {
    return dashboardData(this.ledger.get(), range);
  }

  execution(id: string) {
    return executionDrillDown(this.ledger.get(), id);
  }

  exportRange(choice: RangeChoice, format: 'csv' | 'json'): Promise<void> {
    return saveUsageExport(this.ledger, choice, format);
  }

  private tally(r: CallRecord): void {
    const s = this.session;
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

  private fireSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), CHANGE_DEBOUNCE_MS);
  }

  private async checkForNewRows(): Promise<void> {
    try {
      const counts = await this.ledger.get().query({ q: 'counts' });
      const n = counts.calls + counts.toolCalls + counts.executions;
      if (this.lastCount >= 0 && n !== this.lastCount) this.changed.fire();
      this.lastCount = n;
    } catch (err) {
      this.log.debug(`usage poll: ${errorMessage(err)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.poll);
    this.changed.dispose();
  }
}
