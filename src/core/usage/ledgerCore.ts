// The ledger's state machine, run inside the worker: load → replay journals → checkpoint, then
// apply record batches as they come and checkpoint on request. Merge rule: the file on disk plus
// every journal in the folder plus this process's unjournaled records is the whole truth, so
// when another window has replaced the file we rebuild from exactly that and lose nothing.
// The database in memory and applying records to it live in LedgerMemory (ledgerMemory.ts).
import { errorMessage } from '../errorMessage';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database, SqlJsStatic } from 'sql.js';
import { parseLines } from './journalFormat';
import { DB_FILE, type Stamp, integrityProblem, loadForRebuild, prepare, sameStamp, setAside, stampIfAny, writeAtomically } from './ledgerFiles';
import { FileLock } from './lock';
import { recomputeCosts, Upkeep } from './maintenance';
import type { PriceOverrides } from './pricing';
import type { CheckpointInfo, WorkerInit } from './protocol';
import { LedgerMemory } from './ledgerMemory';
import type { CoreEvents } from './ledgerMemory';
import { loadSqlJs } from './sqljs';
import { LedgerStore } from './store';

/** How often other windows' journals are tailed. */
const REFRESH_EVERY_MS = 1500;
/** The full page check waits until the window has settled (it holds the worker ~2 s at 1M rows). */
const VERIFY_AFTER_MS = 30_000;

export class LedgerCore extends LedgerMemory {
  private SQL: SqlJsStatic | undefined;
  /** The disk file our database was loaded from or last written as; undefined = unknown, merge first. */
  private base: Stamp | undefined;
  private readonly lock: FileLock;
  private readonly file: string;
  private readonly upkeep: Upkeep;
  private failing = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private verifyTimer: NodeJS.Timeout | undefined;
  private checkpointing = false;
  private lastRebuild = { at: 0, ms: 0 };

  constructor(init: WorkerInit, events: CoreEvents) {
    super(init, events);
    this.file = path.join(init.dir, DB_FILE);
    this.lock = new FileLock(`${this.file}.lock`, init.tag);
    this.upkeep = new Upkeep(init.overrides, init.retentionDays);
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
    this.refreshTimer = setInterval(() => this.refresh(), REFRESH_EVERY_MS);
    this.verifyTimer = setTimeout(() => this.verify(), VERIFY_AFTER_MS);
    return loadMs;
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
        if (!sameStamp(stampIfAny(this.file), this.base)) {
          this.rebuild();
          merged = true;
        } else {
          this.readJournals();
        }
        // A dead window writes no more: read its journal to the end now, drop it once saved.
        const dead = this.journals.readDead((entries) => this.applyBatch(entries));
        if (this.upkeep.pruneDue(Date.now())) this.prune(Date.now());
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
      this.counts.problem = errorMessage(err);
      this.fail(`usage ledger could not be saved (${errorMessage(err)}); records are kept in memory and saving is retried`);
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

  async recompute(overrides: PriceOverrides): Promise<{ changed: number }> {
    this.settings(overrides, this.upkeep.retention);
    let changed = 0;
    await this.checkpoint(-1, async () => {
      changed = await recomputeCosts(this.store!, this.upkeep.pricing);
    });
    return { changed };
  }

  settings(overrides: PriceOverrides, retentionDays: number): void {
    this.upkeep.settings(overrides, retentionDays, this.store);
  }

  prune(now: number): number {
    this.db(); // throws when not open
    const removed = this.upkeep.prune(this.store!, now);
    if (removed) this.dirty = true;
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
      this.fail(`usage ledger folder is not usable (${errorMessage(err)}); records are kept in memory`);
    }
    const db = loaded?.db;
    try {
      if (db || !this.store) {
        const next = prepare(db ?? new SQL.Database());
        this.store?.close();
        this.store = new LedgerStore(next, this.upkeep.pricing);
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
    const fromDisk = sameStamp(stampIfAny(this.file), this.base) || this.base === undefined;
    this.store?.close();
    this.store = undefined;
    if (fromDisk) setAside(this.file, problem, (m) => this.events.warn(m));
    this.base = undefined;
    this.rebuild();
  }

  private readJournals(): void {
    this.journals.readOthers((entries) => this.applyBatch(entries));
  }

  /**
   * Other windows' journals are tailed every tick. Their checkpoints (a new file) are reloaded
   * too — that catches lines written and dropped between two tails — but rate-limited, since a
   * reload costs ~0.3 s at a million rows.
   */
  private refresh(): void {
    if (!this.store || this.checkpointing) return;
    try {
      const changed = !sameStamp(stampIfAny(this.file), this.base) && this.base !== undefined;
      if (changed && Date.now() - this.lastRebuild.at > Math.max(2000, 10 * this.lastRebuild.ms)) this.rebuild();
      else this.readJournals();
    } catch (err) {
      this.fail(`usage ledger could not read other windows' records: ${errorMessage(err)}`);
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
