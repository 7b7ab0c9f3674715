// The usage ledger as the extension host sees it: a UsageSink whose record calls append one
// journal line synchronously (durable against a crash once they return — see JournalWriter)
// and hand the line to the ledger worker, which owns the database. Nothing here blocks on the
// database: queries, checkpoints and exports are messages answered by the worker.
import { errorMessage } from '../errorMessage';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { encodeEntry, type JournalEntry } from './journalFormat';
import { JournalWriter } from './journalWriter';
import type { LedgerHealth, WorkerHealth } from './ledgerHealth';
import type { PriceOverrides } from './pricing';
import type { CheckpointInfo, ExportFormat, FromWorker, Query, QueryResults, TimeRange, ToWorker, WorkerInit, WorkerOp } from './protocol';
import type { McpTimingRecord, McpTimingSink } from './mcpTimings';
import type { CallRecord, ExecutionRecord, ToolCallRecord, UsageSink } from './records';
import { WorkerCalls } from './workerCalls';

/** ~12k records: a fraction of a second of the worker's work. */
const MAX_BACKLOG_CHARS = 4 * 2 ** 20;

export interface LedgerOptions {
  /** Folder shared by every window (the host passes globalStorageUri). */
  dir: string;
  /** sql-wasm.wasm, loaded by the worker. */
  wasmPath: string;
  /** Compiled worker script; defaults to `ledgerWorker.js` beside this module (out/ in tests, dist/ bundled). */
  workerPath?: string;
  overrides?: PriceOverrides;
  retentionDays?: number;
  /** How often new records are checkpointed into the database file. */
  checkpointIntervalMs?: number;
  /**
   * Record batches sent to the worker and not yet applied, in characters, above which further
   * journaled batches are not sent: the worker reads them back from the journal once it has
   * caught up. Bounds memory during bursts far beyond the worker's rate.
   */
  maxBacklogChars?: number;
  /** Told once when records can no longer be written to disk (until writing works again). */
  onWarning?: (message: string) => void;
  logger?: Logger;
}

export class UsageLedger implements UsageSink, McpTimingSink {
  private readonly journal: JournalWriter;
  private readonly worker: Worker;
  private outbox: string[] = [];
  /** Lines the disk refused: still applied in memory, retried into the journal on every tick. */
  private unjournaled: string[] = [];
  private flushScheduled = false;
  private readonly calls: WorkerCalls;
  private recordsSinceCheckpoint = 0;
  private readonly timer: NodeJS.Timeout;
  private warned = false;
  private checkpointing = false;
  /** Characters of record batches posted to the worker and not yet acknowledged as applied. */
  private inFlight = 0;
  private spilling = false;
  private spillCount = 0;
  private leftInJournal = false;
  /** Records given to this recorder, and those left in the journal for the worker during bursts. */
  private written = 0;
  private spilledRecords = 0;
  private closed: Promise<CheckpointInfo | undefined> | undefined;
  private readonly log: Logger;
  /** Resolves with the load time in ms once the worker has opened the database (NaN if it could not). */
  readonly ready: Promise<number>;

  constructor(private readonly opts: LedgerOptions) {
    this.log = opts.logger ?? silentLogger;
    const tag = randomBytes(4).toString('hex');
    this.journal = new JournalWriter(opts.dir, tag);
    const init: WorkerInit = { dir: opts.dir, wasmPath: opts.wasmPath, tag, overrides: opts.overrides ?? {}, retentionDays: opts.retentionDays ?? 0 };
    this.worker = new Worker(opts.workerPath ?? path.join(__dirname, 'ledgerWorker.js'), { workerData: init });
    this.worker.unref(); // referenced only while a reply is awaited
    this.calls = new WorkerCalls(this.worker);
    let onReady: (ms: number) => void = () => undefined;
    this.ready = new Promise((r) => (onReady = r));
    this.worker.on('message', (m: FromWorker) => {
      if (m.t === 'reply') this.calls.settle(m);
      else if (m.t === 'applied') this.applied(m.chars);
      else if (m.t === 'warning') this.warn(m.message);
      else if (m.t === 'recovered') this.recovered();
      else onReady(m.loadMs);
    });
    this.worker.on('error', (err) => {
      this.warn(`usage ledger worker failed: ${err.message}`);
      this.calls.fail(err); // records keep going to the journal (replayed on the next start)
    });
    this.worker.on('exit', () => this.calls.fail(new Error('usage ledger worker stopped')));
    this.timer = setInterval(() => this.tick(), opts.checkpointIntervalMs ?? 2000).unref();
  }

  recordCall(record: CallRecord): void {
    this.append('c', record);
  }

  recordToolCall(record: ToolCallRecord): void {
    this.append('t', record);
  }

  recordExecution(record: ExecutionRecord): void {
    this.append('e', record);
  }

  recordMcpTiming(record: McpTimingRecord): void {
    this.append('m', record);
  }

  query<Q extends Query>(query: Q): Promise<QueryResults[Q['q']]> {
    return this.call({ op: 'query', query }) as Promise<QueryResults[Q['q']]>;
  }

  /**
   * A port another worker can query this ledger on directly (read-only), so bulk reads such as
   * the team shipper's never pass through this thread. The caller owns (and closes) the port.
   */
  queryPort(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ t: 'queryPort', port: port2 } satisfies ToWorker, [port2]);
    return port1;
  }

  /** Saves everything recorded so far into the database file now. */
  checkpoint(): Promise<CheckpointInfo> {
    this.retryJournal();
    this.recordsSinceCheckpoint = 0;
    return this.call({ op: 'checkpoint', upToSegment: this.journal.rotate() }) as Promise<CheckpointInfo>;
  }

  exportRange(file: string, format: ExportFormat, range: TimeRange): Promise<{ calls: number; toolCalls: number }> {
    return this.call({ op: 'export', path: file, format, range }) as Promise<{ calls: number; toolCalls: number }>;
  }

  recomputeCosts(overrides: PriceOverrides): Promise<{ changed: number }> {
    return this.call({ op: 'recompute', overrides }) as Promise<{ changed: number }>;
  }

  updateSettings(overrides: PriceOverrides, retentionDays: number): Promise<void> {
    return this.call({ op: 'settings', overrides, retentionDays }) as Promise<void>;
  }

  prune(now = Date.now()): Promise<number> {
    return this.call({ op: 'prune', now }) as Promise<number>;
  }

  /** Written vs stored for this window, pending and unreadable journal lines, the last checkpoint. */
  async health(): Promise<LedgerHealth> {
    const reply = this.call({ op: 'health' }) as Promise<WorkerHealth>;
    // After call(): every record so far is posted or (spilled) read by the worker before it answers.
    const written = this.written;
    const spilled = this.spilledRecords;
    const worker = await reply;
    const stored = Math.min(written, worker.applied + spilled);
    return { ...worker, written, stored, lost: written - stored };
  }

  /** Runs the database's page-level integrity check now; returns the problem found, if any. */
  verify(): Promise<string | undefined> {
    return this.call({ op: 'verify' }) as Promise<string | undefined>;
  }

  /** Final checkpoint, then the worker stops. Records after close are dropped. */
  close(): Promise<CheckpointInfo | undefined> {
    this.closed ??= (async () => {
      clearInterval(this.timer);
      this.retryJournal();
      await this.journal.close();
      const info = (await this.call({ op: 'close', upToSegment: this.journal.segment - 1 }).catch(() => undefined)) as CheckpointInfo | undefined;
      await this.worker.terminate();
      return info;
    })();
    return this.closed;
  }

  /** Never throws (UsageSink's contract): a record that cannot even be serialised is reported and dropped. */
  private append(kind: JournalEntry['k'], record: object): void {
    if (this.closed) return;
    this.written++;
    let line: string;
    try {
      line = encodeEntry(kind, record);
    } catch (err) {
      this.log.error(`usage record dropped, it cannot be serialised: ${errorMessage(err)}`);
      return;
    }
    let journaled = false;
    if (!this.unjournaled.length) {
      try {
        this.journal.append(line);
        journaled = true;
      } catch (err) {
        this.warn(`usage records cannot be written to ${this.opts.dir} (${errorMessage(err)}); keeping them in memory and retrying`);
      }
    }
    if (journaled) this.outbox.push(line);
    else {
      this.unjournaled.push(line);
      this.postLines(line, false);
    }
    this.recordsSinceCheckpoint++;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.outbox.length) return;
    const data = this.outbox.join('');
    const records = this.outbox.length;
    this.outbox = [];
    if (this.spilling) {
      this.spilledRecords += records;
      this.leftInJournal = true; // the worker reads these back when it catches up
      return;
    }
    this.postLines(data, true);
    if (this.inFlight > (this.opts.maxBacklogChars ?? MAX_BACKLOG_CHARS)) {
      this.spilling = true;
      this.spillCount++;
    }
  }

  private postLines(data: string, journaled: boolean): void {
    this.inFlight += data.length;
    this.post({ t: 'lines', data, journaled });
  }

  private applied(chars: number): void {
    this.inFlight -= chars;
    if (this.spilling && this.inFlight < (this.opts.maxBacklogChars ?? MAX_BACKLOG_CHARS) / 4) this.catchUp();
  }

  /** Stops spilling: the worker reads this window's journal up to here before anything posted later. */
  private catchUp(): void {
    if (!this.spilling) return;
    this.spilling = false;
    if (this.leftInJournal) this.post({ t: 'catchUp' });
    this.leftInJournal = false;
  }

  /** How often a burst outran the worker and batches were left in the journal for it (diagnostics). */
  get spills(): number {
    return this.spillCount;
  }

  private post(m: ToWorker): void {
    this.calls.post(m);
  }

  private call(op: WorkerOp): Promise<unknown> {
    if (this.calls.gone) return Promise.reject(this.calls.gone);
    this.flush(); // the worker must see every record made before this call…
    this.catchUp(); // …including those left in the journal during a burst
    return this.calls.call(op);
  }

  private tick(): void {
    this.retryJournal();
    if (this.recordsSinceCheckpoint > 0 && !this.checkpointing && !this.spilling) {
      // One at a time: at a million rows a checkpoint can outlast the interval.
      this.checkpointing = true;
      this.checkpoint()
        .catch((err: Error) => this.log.debug(`usage checkpoint deferred: ${err.message}`))
        .finally(() => (this.checkpointing = false));
    }
  }

  /** Writes lines the disk refused earlier, in order, once it accepts them again. */
  private retryJournal(): void {
    if (!this.unjournaled.length) return;
    try {
      this.journal.append(this.unjournaled.join(''));
      this.unjournaled = [];
      this.recovered();
    } catch {
      // Still refused: the worker holds them in memory; the one warning was given.
    }
  }

  private warn(message: string): void {
    if (this.warned) {
      this.log.debug(message);
      return;
    }
    this.warned = true;
    this.log.warn(message);
    this.opts.onWarning?.(message);
  }

  private recovered(): void {
    if (this.warned) this.log.info('usage ledger: writing to disk works again');
    this.warned = false;
  }
}
