// The ledger's loss monitor: what this window's recorder accepted against what reached the
// database, the journal lines still waiting for a checkpoint, and the lines no reader could
// parse. Unreadable lines are set aside in a file of their own before their journal is removed,
// so a damaged record is never destroyed, only kept out of the database.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseLines } from './journalFormat';

/** Not a journal name (journals are `journal-<pid>-<tag>-<seq>.jsonl`), so no reader replays it. */
export const UNREADABLE_FILE = 'journal-unreadable.jsonl';

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

/** Complete lines of a file that do not parse as journal entries, each with its newline. */
function unreadableLines(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const bad: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    const line = text.slice(start, nl + 1);
    start = nl + 1;
    if (line.trim() && parseLines(line).bad) bad.push(line);
  }
  return bad;
}

/** Copies a journal's unreadable lines to UNREADABLE_FILE; called just before the journal is removed. */
export function setAsideUnreadable(dir: string, journal: string): number {
  const bad = unreadableLines(path.join(dir, journal));
  if (bad.length) fs.appendFileSync(path.join(dir, UNREADABLE_FILE), bad.join(''));
  return bad.length;
}

function countLines(file: string): { lines: number; bad: number } {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return { lines: 0, bad: 0 };
  }
  let lines = 0;
  for (let i = data.indexOf(NEWLINE); i !== -1; i = data.indexOf(NEWLINE, i + 1)) lines++;
  return { lines, bad: parseLines(data.toString('utf8')).bad };
}

/** Scans the folder: pending journal lines and unreadable lines (pending or set aside). */
export function scanJournalHealth(dir: string, journals: readonly string[]): Pick<WorkerHealth, 'pendingLines' | 'unreadableLines'> {
  let pendingLines = 0;
  let unreadable = countLines(path.join(dir, UNREADABLE_FILE)).lines;
  for (const journal of journals) {
    const { lines, bad } = countLines(path.join(dir, journal));
    pendingLines += lines;
    unreadable += bad;
  }
  return { pendingLines, unreadableLines: unreadable };
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
    `  unreadable journal lines set aside: ${h.unreadableLines}${h.unreadableLines ? ` (see ${UNREADABLE_FILE})` : ''}`,
    `  last checkpoint: ${h.lastCheckpointAt ? new Date(h.lastCheckpointAt).toISOString() : 'none yet'}`,
    ...(h.checkpointProblem ? [`  checkpoint failing: ${h.checkpointProblem}`] : []),
  ];
}
