import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeEntry, journalFileName } from '../../../../src/core/usage/journalFormat';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import { REJECTS_FILE } from '../../../../src/core/usage/journalRejects';
import { FileLock } from '../../../../src/core/usage/lock';
import { call, ledgerPerTest } from './helpers';

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

describe('usage ledger journals and lock', () => {
  const t = ledgerPerTest();
  let ledger: UsageLedger | undefined;

  it("replays a dead window's complete lines, ignores its torn last line, then removes the journal", async () => {
    const name = journalFileName({ pid: deadPid(), tag: 'deadbeef', seq: 0 });
    const lines = [call(), call(), call()].map((c) => encodeEntry('c', c)).join('');
    fs.writeFileSync(path.join(t.dir, name), lines + '{"k":"c","r":{"id":"torn');
    ledger = t.open();
    assert.equal((await ledger.query({ q: 'counts' })).calls, 3);
    await ledger.checkpoint();
    assert.equal(fs.existsSync(path.join(t.dir, name)), false);
  });

  it("leaves a live window's journal in place", async () => {
    const name = journalFileName({ pid: process.pid, tag: 'cafe0001', seq: 0 });
    fs.writeFileSync(path.join(t.dir, name), encodeEntry('c', call()));
    ledger = t.open();
    assert.equal((await ledger.query({ q: 'counts' })).calls, 1);
    await ledger.checkpoint();
    assert.equal(fs.existsSync(path.join(t.dir, name)), true);
  });

  it('sets aside lines it cannot store with one warning, stores the rest, and sets nothing aside twice', async () => {
    // Another live window's journal: every start reads it again from the beginning.
    const name = journalFileName({ pid: process.pid, tag: 'cafe0002', seq: 0 });
    const bad = [
      JSON.stringify({ k: 'c', r: { ...call(), startedAt: 'yesterday' } }),
      JSON.stringify({ k: 'c', r: { ...call(), usage: 'lots' } }),
      '{"k":"c","r":{"id":"unreadable"',
    ];
    fs.writeFileSync(path.join(t.dir, name), encodeEntry('c', call()) + bad.join('\n') + '\n');
    for (const start of ['first', 'second']) {
      const warnings: string[] = [];
      ledger = t.open({ onWarning: (m) => warnings.push(m) });
      assert.equal((await ledger.query({ q: 'counts' })).calls, 1);
      await ledger.close();
      if (start === 'first') {
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0]!, /set aside 3 lines of journal-.*startedAt must be a time in epoch milliseconds, not "yesterday"/);
      } else assert.deepEqual(warnings, [], 'the second start found them set aside already');
    }
    const aside = fs.readFileSync(path.join(t.dir, REJECTS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { from: string; reason: string; line: string });
    assert.deepEqual(aside.map((a) => a.line), bad, 'each line kept whole, once');
    assert.deepEqual(aside.map((a) => a.reason), ['startedAt must be a time in epoch milliseconds, not "yesterday"', 'usage must be an object of token counts, not "lots"', 'not JSON']);
    assert.ok(aside.every((a) => a.from === name));
  });

  it('takes over a lock whose owner died, and one that went stale', async () => {
    const file = path.join(t.dir, 'usage.sqlite.lock');
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), tag: 'gone', at: Date.now() }));
    const lock = new FileLock(file, 'mine');
    await lock.acquire(5000);
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).tag, 'mine');
    lock.release();
    assert.equal(fs.existsSync(file), false);

    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, tag: 'hung', at: Date.now() - 120_000 }));
    await new FileLock(file, 'mine', 60_000).acquire(5000);
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).tag, 'mine');
  });

  it('waits for a live owner instead of breaking its lock', async () => {
    const file = path.join(t.dir, 'usage.sqlite.lock');
    const holder = new FileLock(file, 'holder');
    await holder.acquire();
    await assert.rejects(new FileLock(file, 'waiter').acquire(300), /timed out/);
    holder.release();
    await new FileLock(file, 'waiter').acquire(1000);
  });
});
