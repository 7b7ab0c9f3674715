// Appends journal lines on the calling thread. Durability decision (see README, "Usage ledger"):
// each line is written with writeSync on a kept-open O_APPEND fd before record() returns, so it
// is in the OS page cache and survives the process being killed (SIGKILL, crash, host restart)
// at a cost of ~1.5 µs. fdatasync — ~150 µs and unbounded on a busy disk — is batched on the
// libuv thread pool within `syncDelayMs`, so a power loss can lose at most that window.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { journalFileName } from './journalFormat';

export class JournalWriter {
  private fd: number | undefined;
  private seq = 0;
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Map<number, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly tag: string,
    private readonly syncDelayMs = 100,
  ) {}

  /** Current segment number; segments below it are closed and safe to checkpoint and delete. */
  get segment(): number {
    return this.seq;
  }

  /** Writes one line synchronously; throws (ENOSPC, EACCES, ENOTDIR, …) when the disk refuses it. */
  append(text: string): void {
    if (this.fd === undefined) {
      fs.mkdirSync(this.dir, { recursive: true });
      const file = path.join(this.dir, journalFileName({ pid: process.pid, tag: this.tag, seq: this.seq }));
      this.fd = fs.openSync(file, 'a');
    }
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
    this.unsynced = true;
    this.syncTimer ??= setTimeout(() => this.syncNow(), this.syncDelayMs).unref();
  }

  /** Closes the current segment (after its pending sync) so the next append starts a new one. */
  rotate(): number {
    const closed = this.seq;
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      this.syncAndClose(fd, this.unsynced);
      this.unsynced = false;
    }
    this.seq++;
    return closed;
  }

  /** Flushes and closes; resolves once the OS has the data on stable storage. */
  async close(): Promise<void> {
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    this.rotate();
    await Promise.all([...this.inFlight.values()]);
  }

  private syncNow(): void {
    this.syncTimer = undefined;
    if (this.fd === undefined || !this.unsynced) return;
    this.unsynced = false;
    void this.sync(this.fd);
  }

  /** Chains fdatasync calls per fd so a sync never races the close that follows it. */
  private sync(fd: number): Promise<void> {
    const prev = this.inFlight.get(fd) ?? Promise.resolve();
    const next = prev.then(() => new Promise<void>((resolve) => fs.fdatasync(fd, () => resolve())));
    this.inFlight.set(fd, next);
    return next;
  }

  private syncAndClose(fd: number, dirty: boolean): void {
    const synced = dirty ? this.sync(fd) : (this.inFlight.get(fd) ?? Promise.resolve());
    const closed = synced.then(() => new Promise<void>((resolve) => fs.close(fd, () => resolve())));
    this.inFlight.set(fd, closed);
    void closed.then(() => {
      if (this.inFlight.get(fd) === closed) this.inFlight.delete(fd);
    });
  }
}
