// File operations of the ledger worker on the database file: loading it (and recognising a
// corrupt one), checking its pages, and replacing it atomically.
import { errorMessage } from '../errorMessage';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { configure, migrate } from './schema';

export const DB_FILE = 'usage.sqlite';
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Identifies one version of the database file; a rename over it always changes `ino`. */
export type Stamp = { ino: number; size: number; mtimeMs: number } | 'absent';

export function stampOf(file: string): Stamp {
  try {
    const s = fs.statSync(file);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
}

export const sameStamp = (a: Stamp | undefined, b: Stamp | undefined): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);

export type LoadResult = { kind: 'absent' } | { kind: 'ok'; db: Database; stamp: Stamp } | { kind: 'corrupt'; reason: string };

/** Reads the database file; I/O errors other than "absent" are thrown (the folder may be unwritable). */
/** The file's stamp, or undefined when it cannot be read (missing, no access). */
export function stampIfAny(file: string): Stamp | undefined {
  try {
    return stampOf(file);
  } catch {
    return undefined;
  }
}

export function loadDatabase(SQL: SqlJsStatic, file: string): LoadResult {
  let bytes: Buffer;
  let stamp: Stamp;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const s = fs.fstatSync(fd);
      stamp = { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
      bytes = Buffer.allocUnsafe(s.size);
      let off = 0;
      while (off < s.size) {
        const n = fs.readSync(fd, bytes, off, s.size - off, off);
        if (n === 0) break;
        off += n;
      }
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw err;
  }
  if (bytes.length === 0) return { kind: 'absent' };
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(MAGIC)) return { kind: 'corrupt', reason: 'not a SQLite database' };
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    // Header and schema only: a full quick_check costs ~2.3 s at a million rows, so the worker
    // runs it later, off the load path (LedgerCore.verify).
    db.exec('SELECT count(*) FROM sqlite_master');
    return { kind: 'ok', db, stamp };
  } catch (err) {
    db?.close();
    return { kind: 'corrupt', reason: errorMessage(err) };
  }
}

/** Loads the file for a rebuild; a corrupt one is set aside (and reported), an unreadable folder throws. */
export function loadForRebuild(SQL: SqlJsStatic, file: string, warn: (message: string) => void): { db?: Database; stamp: Stamp } {
  const loaded = loadDatabase(SQL, file);
  if (loaded.kind === 'ok') return { db: loaded.db, stamp: loaded.stamp };
  if (loaded.kind === 'corrupt') setAside(file, loaded.reason, warn);
  return { stamp: 'absent' };
}

/** A database ready for the store: connection settings applied, schema current (a newer one throws). */
export function prepare(db: Database): Database {
  configure(db);
  migrate(db);
  return db;
}

export function setAside(file: string, reason: string, warn: (message: string) => void): void {
  try {
    const aside = moveAside(file);
    warn(`usage database failed its integrity check (${reason}); moved aside to ${path.basename(aside)} and rebuilt from the journals`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Moves a corrupt database aside — never overwritten silently — and returns its new path. */
/** SQLite's own page-level check; 'ok' or the first problem found. */
export function integrityProblem(db: Database): string | undefined {
  try {
    const check = db.exec('PRAGMA quick_check(1)')[0]?.values[0]?.[0];
    return check === 'ok' ? undefined : String(check);
  } catch (err) {
    return errorMessage(err);
  }
}

export function moveAside(file: string, now = new Date()): string {
  const aside = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, aside);
  return aside;
}

/** temp file → fsync → rename over `file` → fsync the folder; readers see the old or the new file, whole. */
export function writeAtomically(file: string, bytes: Uint8Array): Stamp {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      let off = 0;
      while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  try {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Directory fsync is unsupported on some file systems; the rename itself is done.
  }
  return stampOf(file);
}
