// The ledger's loss monitor: what this window's recorder accepted against what reached the
// database, the journal lines still waiting for a checkpoint, and the lines no reader could
// store (set aside by JournalRejects when first read, so a damaged record is never destroyed).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REJECTS_FILE } from './journalRejects';

/** What the worker knows. */
export interface WorkerHealth {
  /** This window's records (posted by its host thread) applied to the database. */
  applied: number;
  /** Complete journal lines in the folder (every window's) not yet removed by a checkpoint. */
  pendingLines: number;
  /** Unreadable lines: set aside, plus those still inside pending journals. */
  unreadableLines: number;
  lastCheckpointAt?: number;
  /** Why the last checkpoint failed, while it keeps failing. */
  checkpointProblem?: string;
}

export interface LedgerHealth extends WorkerHealth {
  /** Records this window's recorder was given. */
  written: number;
  /** Of those, in the database (or in this window's journal, read by the worker after a burst). */
  stored: number;
  lost: number;
}

const NEWLINE = 0x0a;

function countLines(file: string): number {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return 0;
  }
  let lines = 0;
  for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) lines++;
  return lines;
}

/**
 * Scans the folder: journal lines pending a checkpoint, and the lines set aside as unstorable
 * (every line a reader rejects is set aside when it is first read, so that file counts them all).
 */
export function scanJournalHealth(dir: string, journals: readonly string[]): Pick<WorkerHealth, 'pendingLines' | 'unreadableLines'> {
  let pendingLines = 0;
  for (const journal of journals) pendingLines += countLines(path.join(dir, journal));
  return { pendingLines, unreadableLines: countLines(path.join(dir, REJECTS_FILE)) };
}

export function isHealthy(h: LedgerHealth): boolean {
  return h.lost === 0 && h.unreadableLines === 0 && !h.checkpointProblem;
}

/** One line for a status box or a notification. */
export function summarizeLedgerHealth(h: LedgerHealth): string {
  const parts = [`${h.lost} lost`, `${h.written} written, ${h.stored} stored`, `${h.pendingLines} journal lines pending`];
  if (h.unreadableLines) parts.push(`${h.unreadableLines} unreadable lines set aside`);
  parts.push(h.lastCheckpointAt ? `last checkpoint ${new Date(h.lastCheckpointAt).toLocaleTimeString()}` : 'no checkpoint yet');
  if (h.checkpointProblem) parts.push(`checkpoint failing: ${h.checkpointProblem}`);
  return `Usage ledger: ${parts.join(' · ')}`;
}

/** The log's longer form. */
export function formatLedgerHealth(h: LedgerHealth, dir: string): string[] {
  return [
    `Usage ledger health (${isHealthy(h) ? 'ok' : 'WARNING'}) in ${dir}`,
    `  records written by this window: ${h.written}; stored: ${h.stored}; lost: ${h.lost}`,
    `  journal lines pending a checkpoint (all windows): ${h.pendingLines}`,
    `  unreadable journal lines set aside: ${h.unreadableLines}${h.unreadableLines ? ` (see ${REJECTS_FILE})` : ''}`,
    `  last checkpoint: ${h.lastCheckpointAt ? new Date(h.lastCheckpointAt).toISOString() : 'none yet'}`,
    ...(h.checkpointProblem ? [`  checkpoint failing: ${h.checkpointProblem}`] : []),
  ];
}
