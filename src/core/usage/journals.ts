// The journals in the ledger folder as the worker reads them: its own window's segments, other
// live windows' journals (tailed for visibility) and dead windows' journals (folded in, then removed).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type JournalEntry, type JournalName, type RejectedLine, isProcessAlive, parseJournalFileName, parseLines } from './journalFormat';
import { JournalRejects } from './journalRejects';

/** Journal entries handed to the database per transaction while reading. */
const READ_BATCH = 5000;

export interface JournalFile extends JournalName {
  name: string;
}

export function listJournals(dir: string): JournalFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: JournalFile[] = [];
  for (const name of names) {
    const j = parseJournalFileName(name);
    if (j) out.push({ ...j, name });
  }
  return out.sort((a, b) => (a.tag === b.tag ? a.seq - b.seq : a.name < b.name ? -1 : 1));
}

/** Reads journals incrementally, remembering a byte offset per file; only complete lines count. */
export class JournalReader {
  private readonly offsets = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly rejected: (from: string, lines: RejectedLine[]) => void,
  ) {}

  reset(): void {
    this.offsets.clear();
  }

  /** Calls `apply` with new entries of each file in `files`, in batches of at most `batch`. */
  readNew(files: readonly JournalFile[], apply: (entries: JournalEntry[]) => void, batch = READ_BATCH): void {
    for (const f of files) {
      const file = path.join(this.dir, f.name);
      let fd: number;
      try {
        fd = fs.openSync(file, 'r');
      } catch {
        this.offsets.delete(f.name);
        continue; // checkpointed and removed by its owner meanwhile
      }
      try {
        let offset = this.offsets.get(f.name) ?? 0;
        const size = fs.fstatSync(fd).size;
        const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - offset, 0), 8 << 20));
        while (offset < size) {
          const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, size - offset), offset);
          if (n === 0) break;
          const end = chunk.lastIndexOf(0x0a, n - 1);
          if (end < 0) break; // a torn or still-being-written line
          const { entries, rejected } = parseLines(chunk.toString('utf8', 0, end + 1));
          if (rejected.length) this.rejected(f.name, rejected);
          for (let i = 0; i < entries.length; i += batch) apply(entries.slice(i, i + batch));
          offset += end + 1;
        }
        this.offsets.set(f.name, offset);
      } finally {
        fs.closeSync(fd);
      }
    }
  }

  forget(name: string): void {
    this.offsets.delete(name);
  }
}

/** Journal bookkeeping for one ledger (identified by its journal tag). */
export class Journals {
  private readonly reader: JournalReader;
  private readonly rejects: JournalRejects;

  /** `warn` hears of journal lines that could not be stored (they are set aside, not dropped). */
  constructor(
    private readonly dir: string,
    private readonly tag: string,
    warn: (message: string) => void,
  ) {
    this.rejects = new JournalRejects(dir, warn);
    this.reader = new JournalReader(dir, (from, lines) => this.rejects.setAside(from, lines));
  }

  /** Keeps lines that cannot be stored (from a journal, or a batch from this window) beside the journals. */
  setAside(from: string, lines: readonly RejectedLine[]): void {
    this.rejects.setAside(from, lines);
  }

  /** Reads every journal from the start (after the database was reloaded). */
  replayAll(apply: (entries: JournalEntry[]) => void): void {
    this.reader.reset();
    this.reader.readNew(listJournals(this.dir), apply);
  }

  /** Reads what other windows appended since the last call. */
  readOthers(apply: (entries: JournalEntry[]) => void): void {
    this.reader.readNew(listJournals(this.dir).filter((j) => j.tag !== this.tag), apply);
  }

  /** Reads this ledger's own journal from where it was last read (batches the host did not send). */
  readOwn(apply: (entries: JournalEntry[]) => void): void {
    this.reader.readNew(listJournals(this.dir).filter((j) => j.tag === this.tag), apply);
  }

  /** Reads dead windows' journals to their end (a dead writer writes no more) and returns them. */
  readDead(apply: (entries: JournalEntry[]) => void): JournalFile[] {
    const dead = listJournals(this.dir).filter((j) => j.tag !== this.tag && j.pid !== process.pid && !isProcessAlive(j.pid));
    this.reader.readNew(dead, apply);
    return dead;
  }

  /** Removes this ledger's segments up to `upTo` and the given dead journals: a checkpoint now holds them. */
  drop(upTo: number, dead: readonly JournalFile[]): void {
    const own = listJournals(this.dir).filter((j) => j.tag === this.tag && j.seq <= upTo);
    for (const j of [...own, ...dead]) {
      fs.rmSync(path.join(this.dir, j.name), { force: true });
      this.reader.forget(j.name);
    }
  }
}
