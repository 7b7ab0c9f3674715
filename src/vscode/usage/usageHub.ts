// Where every usage record of this window goes: into the ledger (opened lazily by LedgerHost),
// into this window's session tally, and out as one debounced change event for the cost meter
// and the dashboard.
import { Emitter, type Disposable } from '../../core/lifecycle';
import type { McpTimingRecord, McpTimingSink } from '../../core/usage/mcpTimings';
import type { CallRecord, ExecutionRecord, ToolCallRecord, UsageSink } from '../../core/usage/records';
import type { Clock } from '../ports';
import type { SessionTally } from './sessionTally';

/** Records arriving in a burst (an agent step, a cache hit and its call) refresh the surfaces once. */
const CHANGE_DEBOUNCE_MS = 150;

export class UsageHub implements UsageSink, McpTimingSink, Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires (debounced) after records from this window; `fire()` adds other windows' records. */
  readonly onDidChange = this.changed.event;
  private pending: Disposable | undefined;

  constructor(
    private readonly ledger: UsageSink & McpTimingSink,
    private readonly session: SessionTally,
    private readonly clock: Clock,
  ) {}

  recordCall(record: CallRecord): void {
    this.ledger.recordCall(record);
    this.session.add(record);
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

  /** Tells the surfaces now (another window's records were noticed). */
  fire(): void {
    this.changed.fire();
  }

  private fireSoon(): void {
    this.pending?.dispose();
    this.pending = this.clock.setTimeout(() => this.changed.fire(), CHANGE_DEBOUNCE_MS);
  }

  dispose(): void {
    this.pending?.dispose();
    this.changed.dispose();
  }
}
