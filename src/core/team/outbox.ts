// The shipper's view of the local ledger (the outbox) and of its own progress: a cursor per kind
// of row and, for the days behind it, the signature of what was shipped. Kept in a small JSON
// file beside the ledger, replaced atomically; losing it only means re-shipping (no duplicates).
import * as fs from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { DaySignature, FromWorker, OutboxCursor, OutboxKind, Query, QueryResults } from '../usage/protocol';
import { WorkerCalls } from '../usage/workerCalls';

export const KINDS: readonly OutboxKind[] = ['executions', 'calls', 'toolCalls'];

/** Reads the local ledger as an outbox (the UsageLedger's `query`, answered by its worker). */
export interface TeamOutbox {
  rows(kind: OutboxKind, after: OutboxCursor | undefined, limit: number, until?: number): Promise<QueryResults['outbox']>;
  days(kind: OutboxKind, upTo: OutboxCursor): Promise<DaySignature[]>;
  counts(): Promise<Record<OutboxKind, number>>;
}

export function ledgerOutbox(ledger: { query<Q extends Query>(q: Q): Promise<QueryResults[Q['q']]> }): TeamOutbox {
  return {
    rows: (kind, after, limit, until) => ledger.query({ q: 'outbox', kind, after, limit, until }),
    days: (kind, upTo) => ledger.query({ q: 'outboxDays', kind, upTo }),
    counts: async () => {
      const c = await ledger.query({ q: 'counts' });
      return { calls: c.calls, toolCalls: c.toolCalls, executions: c.executions };
    },
  };
}

export interface KindProgress {
  /** Every row at or before this (start, id) has been shipped, or is accounted for in `days`. */
  cursor?: OutboxCursor;
  /** UTC day → signature of the rows shipped for that day (up to the cursor). */
  days: Record<string, string>;
}

export interface ShipProgress {
  /** The database these rows went to (`host:port/database`): another database starts from zero. */
  target: string;
  kinds: Record<OutboxKind, KindProgress>;
  lastShippedAt?: number;
}

export function emptyProgress(target: string): ShipProgress {
  return { target, kinds: { calls: { days: {} }, toolCalls: { days: {} }, executions: { days: {} } } };
}

export function loadProgress(file: string, target: string): ShipProgress {
  try {
    const p = JSON.parse(fs.readFileSync(file, 'utf8')) as ShipProgress;
    if (p.target === target && KINDS.every((k) => p.kinds?.[k]?.days)) return p;
  } catch {
    // Missing or unreadable: start over; the database drops what it already has.
  }
  return emptyProgress(target);
}

export function saveProgress(file: string, p: ShipProgress): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(p));
  fs.renameSync(tmp, file);
}

/** Rows the progress accounts for (the count is each signature's first part). */
export function shippedRows(k: KindProgress): number {
  return Object.values(k.days).reduce((n, sig) => n + parseInt(sig, 10), 0);
}

/** Adds a shipped row to its day's signature, in the same shape as the ledger's DaySignature. */
export function addToDay(k: KindProgress, kind: OutboxKind, start: number, finished: boolean, withKind: boolean): void {
  const day = String(Math.floor(start / 86_400_000));
  const parts = (k.days[day] ?? (kind === 'executions' ? '0:0:0' : '0')).split(':').map(Number);
  parts[0]! += 1;
  if (kind === 'executions') {
    parts[1]! += finished ? 1 : 0;
    parts[2]! += withKind ? 1 : 0;
  }
  k.days[day] = parts.join(':');
}

/**
 * The outbox over a ledger query port (UsageLedger.queryPort): the team worker reads the
 * ledger's worker directly. `close` ends the port (and with it the ledger's side).
 */
export function portOutbox(port: MessagePort): { outbox: TeamOutbox; close(): void } {
  const calls = new WorkerCalls(port);
  port.on('message', (m: FromWorker) => m.t === 'reply' && calls.settle(m));
  port.on('close', () => calls.fail(new Error('the usage ledger closed')));
  port.unref();
  const ledger = { query: <Q extends Query>(query: Q) => calls.call({ op: 'query', query }) as Promise<QueryResults[Q['q']]> };
  return { outbox: ledgerOutbox(ledger), close: () => port.close() };
}
