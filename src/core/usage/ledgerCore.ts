// The ledger's state machine, run inside the worker: load → replay journals → checkpoint, then
// apply record batches as they come and checkpoint on request. Merge rule: the file on disk plus
// every journal in the folder plus this process's unjournaled records is the whole truth, so
// when another window has replaced the file we rebuild from exactly that and lose nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database, SqlJsStatic } from 'sql.js';
import { parseLines } from './journalFormat';
import type { JournalEntry } from './journalFormat';
import { Journals, listJournals } from './journals';
import { scanJournalHealth, type WorkerHealth } from './ledgerHealth';
import { DB_FILE, type Stamp, integrityProblem, loadForRebuild, prepare, sameStamp, setAside, stampOf, writeAtomically } from './ledgerFiles';
import { FileLock } from './lock';
import { prune, recomputeCosts } from './maintenance';
import { Pricing, type PriceOverrides } from './pricing';
import type { CheckpointInfo, ExportFormat, Query, TimeRange, WorkerInit } from './protocol';
import { runQuery } from './queries';
import { loadSqlJs } from './sqljs';
import { LedgerStore } from './store';
import { exportRange } from './exporter';

export interface CoreEvents {
  warn(message: string): void;
  recovered(): void;
}

const PRUNE_EVERY_MS = 3_600_000;
/** The full page check waits until the window has settled (it holds the worker ~2 s at 1M rows). */
const VERIFY_AFTER_MS = 30_000;

export class LedgerCore {
  private SQL: SqlJsStatic | undefined;
  private store: LedgerStore | undefined;
  /** The disk file our database was loaded from or last written as; undefined = unknown, merge first. */
  private base: Stamp | undefined;
  /** Record batches the host could not journal: kept until a checkpoint has them on disk. */
  private volatile: string[] = [];
  /** Batches that arrive while the database is loading (or, unjournaled, after it failed to). */
  private early: { data: string; journaled: boolean }[] = [];
  private openFailed = false;
  private readonly journals: Journals;
  private readonly lock: FileLock;
  private readonly file: string;
  private pricing: Pricing;
  private retentionDays: number;
  private lastPrune = 0;
  private failing = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private verifyTimer: NodeJS.Timeout | undefined;
  private checkpointing = false;
  /** Something in memory is not in the file yet; a checkpoint with nothing new writes nothing. */
  private dirty = false;
  private lastRebuild = { at: 0, ms: 0 };
  private readonly counts: { applied: number; lastCheckpointAt?: number; problem?: string } = { applied: 0 };

  constructor(
    private readonly init: WorkerInit,
    private readonly events: CoreEvents,
  ) {
    this.file = path.join(init.dir, DB_FILE);
    this.journals = new Journals(init.dir, init.tag, (m) => this.events.warn(m));
    this.lock = new FileLock(`${this.file}.lock`, init.tag);
    this.pricing = new Pricing(init.overrides);
    this.retentionDays = init.retentionDays;
  }

  get isOpen(): boolean {
    return this.store !== undefined;
  }

  /** Loads, replays every journal, checkpoints; returns the load time in ms. Never fails for I/O. */
  async open(): Promise<number> {
    const t0 = performance.now();
    try {
      this.SQL = await loadSqlJs(this.init.wasmPath);
      this.rebuild();
    } catch (err) {
      this.openFailed = true;
      this.early = this.early.filter((b) => !b.journaled); // the journal has those for the next start
      throw err;
    }
    const loadMs = performance.now() - t0;
    for (const b of this.early.splice(0)) this.applyLines(b.data, b.journaled);
    await this.checkpoint(-1).catch(() => undefined); // failures were reported by checkpoint()
    // Other windows' records become visible within a couple of seconds.
    this.refreshTimer = setInterval(() => this.refresh(), 1500);
    this.verifyTimer = setTimeout(() => this.verify(), VERIFY_AFTER_MS);
    return loadMs;
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

  /**
   * Under the folder lock: merge if another window replaced the file, fold in other journals,
   * export → temp → fsync → rename, then drop the journal segments now covered.
   */
  async checkpoint(upToSegment: number, before?: () => Promise<void> | void): Promise<CheckpointInfo> {
    const t0 = performance.now();
    this.checkpointing = true;
    try {
      fs.mkdirSync(this.init.dir, { recursive: true }); // it may have been removed, or never made
      await this.lock.acquire();
      try {
        let merged = false;
        if (!sameStamp(this.currentStamp(), this.base)) {
          this.rebuild();
          merged = true;
        } else {
          this.readJournals();
        }
        // A dead window writes no more: read its journal to the end now, drop it once saved.
        const dead = this.journals.readDead((entries) => this.applyBatch(entries));
        if (this.retentionDays > 0 && Date.now() - this.lastPrune > PRUNE_EVERY_MS) this.prune(Date.now());
        if (before) {
          await before();
          this.dirty = true;
        }
        if (!this.dirty && !this.volatile.length) {
          this.journals.drop(upToSegment, dead);
          this.checkpointed();
          return { ms: performance.now() - t0, bytes: 0, merged };
        }
        const bytes = this.db().export();
        this.base = writeAtomically(this.file, bytes);
        this.dirty = false;
        this.volatile = [];
        this.journals.drop(upToSegment, dead);
        this.checkpointed();
        if (this.failing) {
          this.failing = false;
          this.events.recovered();
        }
        return { ms: performance.now() - t0, bytes: bytes.length, merged };
      } finally {
        this.lock.release();
      }
    } catch (err) {
      this.counts.problem = (err as Error).message;
      this.fail(`usage ledger could not be saved (${(err as Error).message}); records are kept in memory and saving is retried`);
      throw err;
    } finally {
      this.checkpointing = false;
    }
  }

  async close(upToSegment: number): Promise<CheckpointInfo | undefined> {
    clearInterval(this.refreshTimer);
    clearTimeout(this.verifyTimer);
    let info: CheckpointInfo | undefined;
    try {
      info = await this.checkpoint(upToSegment);
    } catch {
      // Reported; the journal segments stay on disk and are replayed on the next start.
    }
    this.store?.close();
    this.store = undefined;
    return info;
  }

  exportRange(file: string, format: ExportFormat, range: TimeRange): Promise<{ calls: number; toolCalls: number }> {
    return exportRange(() => this.db(), file, format, range);
  }

  async recompute(overrides: PriceOverrides): Promise<{ changed: number }> {
    this.settings(overrides, this.retentionDays);
    let changed = 0;
    await this.checkpoint(-1, async () => {
      changed = await recomputeCosts(this.store!, this.pricing);
    });
    return { changed };
  }

  settings(overrides: PriceOverrides, retentionDays: number): void {
    this.pricing = new Pricing(overrides);
    this.store?.setPricing(this.pricing);
    if (retentionDays !== this.retentionDays) this.lastPrune = 0;
    this.retentionDays = retentionDays;
  }

  prune(now: number): number {
    this.lastPrune = now;
    const removed = prune(this.db(), this.retentionDays, now);
    if (removed) {
      this.store!.clearCaches();
      this.dirty = true;
    }
    return removed;
  }

  /**
   * Damage beyond the header shows only in a page check. If the loaded database fails it, the
   * file it came from is moved aside and the ledger is rebuilt from the journals that remain.
   */
  verify(): string | undefined {
    if (!this.store || this.checkpointing) return undefined;
    const problem = integrityProblem(this.store.db);
    if (problem) this.discardCorrupt(problem);
    return problem;
  }

  private db(): Database {
    if (!this.store) throw new Error('usage ledger is not open');
    return this.store.db;
  }

  /** Returns how many entries were applied (not skipped as malformed). */
  private applyEntries(entries: JournalEntry[]): number {
    let ok = 0;
    for (let i = 0; i < entries.length; i += 5000) ok += this.applyBatch(entries.slice(i, i + 5000));
    return ok;
  }

  /** A malformed record must not poison the batch (or, replayed, every start): it is skipped and reported. */
  private applyBatch(entries: JournalEntry[]): number {
    let added = 0;
    let ok = entries.length;
    try {
      added = this.store!.apply(entries);
    } catch {
      for (const e of entries) {
        try {
          added += this.store!.apply([e]);
        } catch (err) {
          ok--;
          this.events.warn(`usage ledger skipped a malformed record ${String(e.r.id)}: ${(err as Error).message}`);
        }
      }
    }
    if (added > 0) this.dirty = true;
    return ok;
  }

  /** Database = disk file (or, if it is unreadable, what we have) + all journals + unjournaled batches. */
  private rebuild(): void {
    const started = performance.now();
    try {
      this.rebuildFromDisk();
    } finally {
      this.lastRebuild = { at: Date.now(), ms: performance.now() - started };
    }
  }

  private rebuildFromDisk(): void {
    const SQL = this.SQL!;
    let loaded: { db?: Database; stamp: Stamp } | undefined;
    try {
      loaded = loadForRebuild(SQL, this.file, (m) => this.events.warn(m));
    } catch (err) {
      // Unreadable folder: carry on in memory; the next checkpoint merges again.
      this.fail(`usage ledger folder is not usable (${(err as Error).message}); records are kept in memory`);
    }
    const db = loaded?.db;
    try {
      if (db || !this.store) {
        const next = prepare(db ?? new SQL.Database());
        this.store?.close();
        this.store = new LedgerStore(next, this.pricing);
      }
      this.base = loaded?.stamp;
      this.journals.replayAll((entries) => this.applyBatch(entries));
      for (const data of this.volatile) this.applyEntries(parseLines(data).entries);
    } catch (err) {
      // Damage the header check missed shows up as soon as rows are touched.
      const problem = db ? integrityProblem(db) : undefined;
      if (!problem) throw err;
      this.discardCorrupt(problem);
    }
  }

  /** The loaded database is damaged: set its file aside and rebuild from the journals that remain. */
  private discardCorrupt(problem: string): void {
    const fromDisk = sameStamp(this.currentStamp(), this.base) || this.base === undefined;
    this.store?.close();
    this.store = undefined;
    if (fromDisk) setAside(this.file, problem, (m) => this.events.warn(m));
    this.base = undefined;
    this.rebuild();
  }

  private readJournals(): void {
    this.journals.readOthers((entries) => this.applyBatch(entries));
  }

  private currentStamp(): Stamp | undefined {
    try {
      return stampOf(this.file);
    } catch {
      return undefined;
    }
  }

  /**
   * Other windows' journals are tailed every tick. Their checkpoints (a new file) are reloaded
   * too — that catches lines written and dropped between two tails — but rate-limited, since a
   * reload costs ~0.3 s at a million rows.
   */
  private refresh(): void {
    if (!this.store || this.checkpointing) return;
    try {
      const changed = !sameStamp(this.currentStamp(), this.base) && this.base !== undefined;
      if (changed && Date.now() - this.lastRebuild.at > Math.max(2000, 10 * this.lastRebuild.ms)) this.rebuild();
      else this.readJournals();
    } catch (err) {
      this.fail(`usage ledger could not read other windows' records: ${(err as Error).message}`);
    }
  }

  private checkpointed(): void {
    this.counts.lastCheckpointAt = Date.now();
    delete this.counts.problem;
  }

  private fail(message: string): void {
    this.failing = true;
    this.events.warn(message);
  }
}
