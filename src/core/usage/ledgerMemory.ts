// The ledger's database in memory and the records applied to it, inside the worker. LedgerCore
// (ledgerCore.ts) builds on this to keep it in step with the file on disk and other windows.
import type { Database } from 'sql.js';
import { exportRange } from './exporter';
import { parseLines } from './journalFormat';
import type { JournalEntry } from './journalFormat';
import { Journals, listJournals } from './journals';
import { scanJournalHealth, type WorkerHealth } from './ledgerHealth';
import type { ExportFormat, Query, TimeRange, WorkerInit } from './protocol';
import { runQuery } from './runQuery';
import type { LedgerStore } from './store';

export interface CoreEvents {
  warn(message: string): void;
  recovered(): void;
}

/** Records per transaction when replaying a backlog. */
const APPLY_BATCH = 5000;

export class LedgerMemory {
  protected store: LedgerStore | undefined;
  /** Record batches the host could not journal: kept until a checkpoint has them on disk. */
  protected volatile: string[] = [];
  /** Batches that arrive while the database is loading (or, unjournaled, after it failed to). */
  protected early: { data: string; journaled: boolean }[] = [];
  protected openFailed = false;
  protected readonly journals: Journals;
  /** Something in memory is not in the file yet; a checkpoint with nothing new writes nothing. */
  protected dirty = false;
  protected readonly counts: { applied: number; lastCheckpointAt?: number; problem?: string } = { applied: 0 };

  constructor(
    protected readonly init: WorkerInit,
    protected readonly events: CoreEvents,
  ) {
    this.journals = new Journals(init.dir, init.tag, (m) => this.events.warn(m));
  }

  get isOpen(): boolean {
    return this.store !== undefined;
  }

  applyLines(data: string, journaled: boolean): void {
    if (!this.store) {
      if (!this.openFailed || !journaled) this.early.push({ data, journaled });
      return;
    }
    if (!journaled) this.volatile.push(data);
    const { entries, rejected } = parseLines(data);
    if (rejected.length) this.journals.setAside("this window's new records", rejected);
    this.counts.applied += this.applyEntries(entries);
  }

  health(): WorkerHealth {
    const { applied, lastCheckpointAt, problem } = this.counts;
    const journals = scanJournalHealth(this.init.dir, listJournals(this.init.dir).map((j) => j.name));
    return { applied, ...journals, ...(lastCheckpointAt ? { lastCheckpointAt } : {}), ...(problem ? { checkpointProblem: problem } : {}) };
  }

  /** The host left batches in this window's journal during a burst: read them from there. */
  catchUp(): void {
    if (this.store) this.journals.readOwn((entries) => this.applyBatch(entries));
  }

  query(q: Query): unknown {
    return runQuery(this.db(), q);
  }

  exportRange(file: string, format: ExportFormat, range: TimeRange): Promise<{ calls: number; toolCalls: number }> {
    return exportRange(() => this.db(), file, format, range);
  }

  protected db(): Database {
    if (!this.store) throw new Error('usage ledger is not open');
    return this.store.db;
  }

  /** Returns how many entries were applied (not skipped as malformed). */
  protected applyEntries(entries: JournalEntry[]): number {
    let ok = 0;
    for (let i = 0; i < entries.length; i += APPLY_BATCH) ok += this.applyBatch(entries.slice(i, i + APPLY_BATCH));
    return ok;
  }

  protected applyBatch(entries: JournalEntry[]): number {
    const { ok, added } = this.store!.applyTolerant(entries, (m) => this.events.warn(m));
    if (added > 0) this.dirty = true;
    return ok;
  }
}
