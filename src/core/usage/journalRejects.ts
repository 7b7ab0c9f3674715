// Journal lines the ledger cannot store are kept here, never dropped: the journal they came from
// is removed at the next checkpoint, so this file is then their only copy. One line per rejected
// journal line, with where it came from and why; a line already set aside (a journal read again
// after a rebuild, or by a restarted window) is not added or reported twice.
import { errorMessage } from '../errorMessage';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RejectedLine } from './journalFormat';

export const REJECTS_FILE = 'rejected-journal-lines.jsonl';

export class JournalRejects {
  /** Every line already in the file; read on the first rejection. */
  private seen: Set<string> | undefined;

  constructor(
    private readonly dir: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Appends the lines not set aside before, with one warning for them. */
  setAside(from: string, lines: readonly RejectedLine[]): void {
    const seen = (this.seen ??= this.load());
    const fresh = lines.filter((l) => !seen.has(l.line));
    if (!fresh.length) return;
    const file = path.join(this.dir, REJECTS_FILE);
    const many = fresh.length === 1 ? 'a line' : `${fresh.length} lines`;
    try {
      fs.appendFileSync(file, fresh.map((l) => `${JSON.stringify({ from, reason: l.reason, line: l.line })}\n`).join(''));
    } catch (err) {
      this.warn(`usage ledger could not store ${many} of ${from} (${fresh[0]!.reason}) nor set it aside: ${errorMessage(err)}`);
      return;
    }
    for (const l of fresh) seen.add(l.line);
    this.warn(`usage ledger set aside ${many} of ${from} it cannot store (${fresh[0]!.reason}) in ${file}`);
  }

  private load(): Set<string> {
    const seen = new Set<string>();
    let text = '';
    try {
      text = fs.readFileSync(path.join(this.dir, REJECTS_FILE), 'utf8');
    } catch {
      return seen; // none set aside yet
    }
    for (const row of text.split('\n')) {
      try {
        const { line } = JSON.parse(row) as { line: unknown };
        if (typeof line === 'string') seen.add(line);
      } catch {
        // a torn last row: its line is set aside again
      }
    }
    return seen;
  }
}
