// Ships the local ledger's rows to the team database, exactly once: batches in (start, id) order
// behind a local cursor, each batch one idempotent statement (the record id is the key), the
// cursor saved after the batch commits. Rows that land behind the cursor (other windows' records
// merged late, long calls recorded at their end, executions that finished) change their day's
// signature; a reconcile pass re-ships exactly those days. All I/O is async: the ledger's rows
// come from its worker thread, so record() is never delayed by shipping.
import type { Client } from 'pg';
import { errorMessage } from '../errorMessage';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { DAY_MS } from '../usage/periods';
import type { CallRow, ExecutionRow, OutboxCursor, OutboxKind, ToolCallRow } from '../usage/protocol';
import { type TeamIdentity, insertCalls, insertToolCalls, upsertExecutions } from './batches';
import { type TeamError, type TeamTarget, classifyTeamError, connectTeam } from './connection';
import { KINDS, type ShipProgress, type TeamOutbox, addToDay, loadProgress, saveProgress, shippedRows } from './outbox';
import { SchemaTooNewError, TEAM_SCHEMA_VERSION, migrate, schemaVersion } from './schema';


/** Default idle wait between shipping passes. */
const IDLE_INTERVAL_MS = 5000;

export interface ShipperOptions {
  target: TeamTarget;
  /** From secret storage; never logged. */
  password?: string;
  identity: TeamIdentity;
  outbox: TeamOutbox;
  /** Where the shipped-up-to progress is kept (beside the local ledger). */
  progressFile: string;
  batchSize?: number;
  /** Idle wait between passes when nothing is left to ship. */
  intervalMs?: number;
  /** How often days behind the cursor are compared with the ledger (each compare scans its rows). */
  reconcileMs?: number;
  /** First retry delay after a failure; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Run migrations when the schema is older than this build (needs the privilege to create tables). */
  migrate?: boolean;
  logger?: Logger;
  /** Told each distinct error once (until shipping works again), and when it recovers (undefined). */
  onError?: (error: TeamError | undefined) => void;
}

export interface ShipperStatus {
  state: 'starting' | 'shipping' | 'idle' | 'retrying' | 'stopped';
  lastShippedAt?: number;
  /** Rows new to the team database since this shipper started. */
  shipped: number;
  /** Local rows not yet accounted as shipped (as of the last pass). */
  pending: number;
  lastError?: TeamError;
  nextRetryAt?: number;
}

type AnyRow = CallRow | ToolCallRow | ExecutionRow;

export class TeamShipper {
  private readonly progress: ShipProgress;
  private client: Client | undefined;
  private readonly status: ShipperStatus = { state: 'starting', shipped: 0, pending: 0 };
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private retryDelay: number;
  private lastReconcile = 0;
  private loop: Promise<void> | undefined;
  private readonly log: Logger;

  constructor(private readonly opts: ShipperOptions) {
    this.log = opts.logger ?? silentLogger;
    this.progress = loadProgress(opts.progressFile, opts.target.label);
    this.retryDelay = opts.retryMs ?? 1000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ship now rather than after the idle interval (new records, a changed password). */
  nudge(): void {
    this.wakeUp?.();
  }

  get state(): Readonly<ShipperStatus> {
    return { ...this.status };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.loop;
    await this.dropClient();
    this.status.state = 'stopped';
  }

  /** One full pass now: reconcile if due, then ship every batch; resolves when nothing is left. */
  private async run(): Promise<void> {
    while (!this.stopped) {
      let wait = this.opts.intervalMs ?? IDLE_INTERVAL_MS;
      try {
        const client = await this.connect();
        this.status.state = 'shipping';
        await this.pass(client);
        this.recovered();
        this.status.state = 'idle';
      } catch (err) {
        await this.dropClient();
        this.failed(err);
        wait = this.retryDelay;
        this.retryDelay = Math.min(this.retryDelay * 2, this.opts.maxRetryMs ?? 300_000);
        this.status.state = 'retrying';
        this.status.nextRetryAt = Date.now() + wait;
      }
      if (!this.stopped) await this.sleep(wait);
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = await connectTeam(this.opts.target, this.opts.password);
    try {
      if (this.opts.migrate ?? true) await migrate(client);
      else {
        const v = await schemaVersion(client);
        if (v > TEAM_SCHEMA_VERSION) throw new SchemaTooNewError(v);
        if (v < TEAM_SCHEMA_VERSION) throw new Error(`the team database has schema version ${v}; apply docs/team-ledger.sql (version ${TEAM_SCHEMA_VERSION})`);
      }
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  private async pass(client: Client): Promise<void> {
    const reconcile = Date.now() - this.lastReconcile >= (this.opts.reconcileMs ?? 60_000);
    for (const kind of KINDS) {
      if (reconcile) await this.reconcile(client, kind);
      await this.forward(client, kind);
    }
    if (reconcile) this.lastReconcile = Date.now();
    const counts = await this.opts.outbox.counts();
    this.status.pending = KINDS.reduce((n, k) => n + Math.max(0, counts[k] - shippedRows(this.progress.kinds[k])), 0);
  }

  /**
   * Ships every batch after the cursor. The next batch is read from the ledger while this one is
   * inserted, so the ledger's worker and PostgreSQL work at the same time; the cursor moves only
   * after a batch commits (a failed insert drops the batch read ahead, which is read again).
   */
  private async forward(client: Client, kind: OutboxKind): Promise<void> {
    const k = this.progress.kinds[kind];
    const limit = this.opts.batchSize ?? 2000;
    const read = (after: OutboxCursor | undefined) => this.opts.outbox.rows(kind, after, limit) as Promise<AnyRow[]>;
    let next = read(k.cursor);
    while (!this.stopped) {
      const rows = await next;
      if (!rows.length) return;
      const last = rows[rows.length - 1]!;
      next = rows.length === limit ? read({ start: last.startedAt, id: last.id }) : Promise.resolve([]);
      next.catch(() => undefined); // awaited on the next turn; unobserved if this insert fails
      await this.insert(client, kind, rows);
      for (const r of rows) addToDay(k, kind, r.startedAt, (r as ExecutionRow).status !== 'running', Boolean((r as ExecutionRow).kind));
      k.cursor = { start: last.startedAt, id: last.id };
      this.save();
    }
  }

  /** Re-ships every day behind the cursor whose signature differs from what was shipped. */
  private async reconcile(client: Client, kind: OutboxKind): Promise<void> {
    const k = this.progress.kinds[kind];
    if (!k.cursor) return;
    // Signatures first, rows second: a row arriving in between is shipped but not yet counted,
    // so the progress never claims more than the database has.
    const local = new Map((await this.opts.outbox.days(kind, k.cursor)).map((d) => [String(d.day), d.sig]));
    const days = new Set([...local.keys(), ...Object.keys(k.days)]);
    for (const day of days) {
      if (local.get(day) === k.days[day]) continue;
      const from = Number(day) * DAY_MS;
      let after: OutboxCursor | undefined = { start: from - 1, id: '\uffff' };
      for (;;) {
        const rows = (await this.opts.outbox.rows(kind, after, this.opts.batchSize ?? 2000, from + DAY_MS)) as AnyRow[];
        if (!rows.length) break;
        await this.insert(client, kind, rows);
        const last = rows[rows.length - 1]!;
        after = { start: last.startedAt, id: last.id };
      }
      const sig = local.get(day);
      if (sig === undefined) delete k.days[day];
      else k.days[day] = sig;
      this.save();
    }
  }

  private async insert(client: Client, kind: OutboxKind, rows: AnyRow[]): Promise<void> {
    const who: TeamIdentity = this.opts.identity;
    const added =
      kind === 'calls' ? await insertCalls(client, who, rows as CallRow[])
      : kind === 'toolCalls' ? await insertToolCalls(client, who, rows as ToolCallRow[])
      : await upsertExecutions(client, who, rows as ExecutionRow[]);
    if (kind !== 'executions') this.status.shipped += added;
    this.status.lastShippedAt = this.progress.lastShippedAt = Date.now();
  }

  private save(): void {
    try {
      saveProgress(this.opts.progressFile, this.progress);
    } catch (err) {
      // Progress stays in memory; a lost file only means re-shipping (the database drops repeats).
      this.log.debug(`team ledger progress not saved: ${errorMessage(err)}`);
    }
  }

  private failed(err: unknown): void {
    const e = classifyTeamError(err, this.opts.target);
    const repeat = this.status.lastError?.message === e.message;
    this.status.lastError = e;
    if (repeat) {
      this.log.debug(e.message);
      return;
    }
    this.log.warn(e.message);
    this.opts.onError?.(e);
  }

  private recovered(): void {
    this.retryDelay = this.opts.retryMs ?? 1000;
    this.status.nextRetryAt = undefined;
    if (!this.status.lastError) return;
    this.status.lastError = undefined;
    this.log.info('team ledger: shipping works again');
    this.opts.onError?.(undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async dropClient(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
