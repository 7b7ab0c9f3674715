// The journal's on-disk format, shared by the writer (extension host thread) and the reader
// (ledger worker): one JSON line per record, in files named after their writer so a
// checkpoint can tell its own journal from another window's and a dead window's.
import { entryProblem, type JournalKind } from './journalCheck';
import type { CallRecord, ExecutionRecord, ToolCallRecord } from './records';

export type JournalEntry =
  | { k: 'c'; r: CallRecord }
  | { k: 't'; r: ToolCallRecord }
  | { k: 'e'; r: ExecutionRecord };

// Fails to compile if the kinds here and the field checks' kinds drift apart.
const sameKinds: [JournalEntry['k'], JournalKind] extends [JournalKind, JournalEntry['k']] ? true : never = true;
void sameKinds;

export function encodeEntry(kind: JournalEntry['k'], record: object): string {
  return `{"k":"${kind}","r":${JSON.stringify(record)}}\n`;
}

/** A complete line that cannot be stored, and why. */
export interface RejectedLine {
  line: string;
  reason: string;
}

/**
 * Parses complete lines; a torn last line (a crash mid-write, or a writer still writing)
 * is left out. Returns the entries and the lines rejected (unreadable JSON or fields of the
 * wrong type).
 */
export function parseLines(text: string): { entries: JournalEntry[]; rejected: RejectedLine[] } {
  const entries: JournalEntry[] = [];
  const rejected: RejectedLine[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    const line = text.slice(start, nl);
    start = nl + 1;
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      rejected.push({ line, reason: 'not JSON' });
      continue;
    }
    const reason = entryProblem(parsed);
    if (reason) rejected.push({ line, reason });
    else entries.push(parsed as JournalEntry);
  }
  return { entries, rejected };
}

export interface JournalName {
  pid: number;
  tag: string;
  seq: number;
}

export function journalFileName(j: JournalName): string {
  return `journal-${j.pid}-${j.tag}-${String(j.seq).padStart(6, '0')}.jsonl`;
}

const NAME = /^journal-(\d+)-([0-9a-f]+)-(\d+)\.jsonl$/;

export function parseJournalFileName(name: string): JournalName | undefined {
  const m = NAME.exec(name);
  return m ? { pid: Number(m[1]), tag: m[2]!, seq: Number(m[3]) } : undefined;
}

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
