import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeEntry, journalFileName } from '../../../../src/core/usage/journalFormat';
import { REJECTS_FILE } from '../../../../src/core/usage/journalRejects';
import { isHealthy, summarizeLedgerHealth } from '../../../../src/core/usage/ledgerHealth';
import { call, ledgerPerTest } from './helpers';

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

describe('usage ledger health (worker, real files)', () => {
  const t = ledgerPerTest();

  it('says 0 lost when every record written is stored', async () => {
    const ledger = t.open();
    for (let i = 0; i < 5; i++) ledger.recordCall(call());
    await ledger.checkpoint();
    const health = await ledger.health();
    assert.deepEqual([health.written, health.stored, health.lost, health.unreadableLines], [5, 5, 0, 0]);
    assert.ok(health.lastCheckpointAt && health.lastCheckpointAt <= Date.now());
    assert.ok(isHealthy(health));
    assert.match(summarizeLedgerHealth(health), /^Usage ledger: 0 lost · 5 written, 5 stored/);
  });

  it('counts journal lines pending before a checkpoint, and none after it', async () => {
    const ledger = t.open({ checkpointIntervalMs: 3_600_000 });
    await ledger.ready;
    ledger.recordCall(call());
    ledger.recordCall(call());
    ledger.recordCall(call());
    assert.equal((await ledger.health()).pendingLines, 3);
    await ledger.checkpoint();
    const after = await ledger.health();
    assert.deepEqual([after.pendingLines, after.stored, after.lost], [0, 3, 0]);
  });

  it("sets aside a dead window's unreadable line, keeps it in a file and reports it", async () => {
    const name = journalFileName({ pid: deadPid(), tag: 'deadbeef', seq: 0 });
    const garbage = '{"k":"c","r":{"id": not json}\n';
    fs.writeFileSync(path.join(t.dir, name), encodeEntry('c', call()) + garbage + encodeEntry('c', call()));
    const ledger = t.open();
    assert.equal((await ledger.health()).unreadableLines, 1); // set aside as soon as it was read
    await ledger.checkpoint();
    assert.equal(fs.existsSync(path.join(t.dir, name)), false);
    const kept = fs.readFileSync(path.join(t.dir, REJECTS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: string });
    assert.deepEqual(kept.map((k) => k.line), [garbage.trimEnd()]);
    const health = await ledger.health();
    assert.deepEqual([health.unreadableLines, health.pendingLines, health.lost], [1, 0, 0]);
    assert.equal((await ledger.query({ q: 'counts' })).calls, 2);
    assert.equal(isHealthy(health), false);
    assert.match(summarizeLedgerHealth(health), /1 unreadable lines set aside/);
  });
});
