// The checkpoint lock shared by every window using one global-storage folder: a file created
// with O_EXCL holding its owner. A lock whose owner process is gone, or older than `staleMs`
// (a hung owner), is broken — by renaming it aside first, so two breakers cannot both win.
import * as fs from 'node:fs';
import { isProcessAlive } from './journalFormat';

interface Owner {
  pid: number;
  tag: string;
  at: number;
}

export class FileLock {
  constructor(
    private readonly file: string,
    private readonly tag: string,
    private readonly staleMs = 60_000,
  ) {}

  /** Waits (without blocking the thread) until the lock is ours; throws on I/O errors or timeout. */
  async acquire(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (this.tryCreate()) return;
      this.breakIfAbandoned();
      if (Date.now() > deadline) throw new Error(`usage ledger: timed out waiting for ${this.file}`);
      await new Promise((r) => setTimeout(r, Math.min(100, 5 + attempt * 5) * (0.5 + Math.random())));
    }
  }

  release(): void {
    try {
      if (this.read()?.tag === this.tag) fs.unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }

  private tryCreate(): boolean {
    const owner: Owner = { pid: process.pid, tag: this.tag, at: Date.now() };
    try {
      const fd = fs.openSync(this.file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(owner));
      } finally {
        fs.closeSync(fd);
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  }

  private read(): Owner | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Owner;
    } catch {
      return undefined;
    }
  }

  private breakIfAbandoned(): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      return; // released meanwhile
    }
    const owner = this.read();
    // An unreadable lock may be one being written right now: only its age can condemn it.
    const dead = owner ? !isProcessAlive(owner.pid) : false;
    if (!dead && Date.now() - (owner?.at ?? stat.mtimeMs) < this.staleMs) return;
    const aside = `${this.file}.broken-${this.tag}`;
    try {
      fs.renameSync(this.file, aside);
    } catch {
      return; // someone else broke or released it first
    }
    const taken = (() => {
      try {
        return JSON.parse(fs.readFileSync(aside, 'utf8')) as Owner;
      } catch {
        return undefined;
      }
    })();
    if (taken && owner && taken.tag !== owner.tag) {
      // We moved a fresh lock taken after our check: put it back unless a newer one exists.
      try {
        fs.linkSync(aside, this.file);
      } catch {
        // A newer lock is in place; the one we moved is lost to its owner, which re-checks on release.
      }
    }
    fs.rmSync(aside, { force: true });
  }
}
