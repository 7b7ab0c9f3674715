import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import { call, openLedger, removeDir, tempDir, wholeDay } from './helpers';

const child = path.join(__dirname, 'ledgerChild.js');

function runChild(args: string[], until: RegExp): { proc: ChildProcess; matched: Promise<string> } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const matched = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) resolve(out);
    });
    proc.on('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before ${until}: ${out}`)));
  });
  return { proc, matched };
}

const exited = (proc: ChildProcess) => new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r(undefined) : proc.once('exit', r)));

describe('usage ledger durability (child processes, real files)', function () {
  this.timeout(60_000);
  let dir: string;
  let ledger: UsageLedger | undefined;
  const children: ChildProcess[] = [];

  beforeEach(() => (dir = tempDir()));
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.kill('SIGKILL');
      await exited(c);
    }
    await ledger?.close();
    ledger = undefined;
    fs.chmodSync(dir, 0o755);
    removeDir(dir);
  });

  it('keeps every record of a writer SIGKILLed right after its last record() returned', async () => {
    const n = 3000;
    const { proc, matched } = runChild([dir, String(n), 'kill'], /recorded \d+/);
    children.push(proc);
    await matched;
    proc.kill('SIGKILL');
    await exited(proc);
    ledger = openLedger(dir);
    assert.equal((await ledger.query({ q: 'counts' })).calls, n);
    const models = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' });
    assert.equal(models.reduce((s, r) => s + r.calls, 0), n);
    await ledger.close();
    // The dead writer's journal was folded into the file and removed.
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('journal-')), []);
    ledger = openLedger(dir);
    assert.equal((await ledger.query({ q: 'counts' })).calls, n);
  });

  it('merges two processes writing 10,000 records each into one folder: exactly 20,000', async () => {
    const a = runChild([dir, '10000', 'close'], /closed/);
    const b = runChild([dir, '10000', 'close'], /closed/);
    children.push(a.proc, b.proc);
    await Promise.all([a.matched, b.matched]);
    ledger = openLedger(dir);
    const counts = await ledger.query({ q: 'counts' });
    assert.equal(counts.calls, 20_000);
    const byModel = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' });
    assert.equal(byModel.reduce((s, r) => s + r.calls, 0), 20_000, 'rollup agrees with the detail rows');
  });

  it("shows another window's new records without either window restarting", async () => {
    const other = openLedger(dir);
    ledger = openLedger(dir);
    try {
      await Promise.all([other.ready, ledger.ready]);
      for (let i = 0; i < 10; i++) other.recordCall(call());
      // Seen through the other window's journal, then through its checkpoint: poll, no timing assumed.
      while ((await ledger.query({ q: 'counts' })).calls < 10) await new Promise((r) => setTimeout(r, 100));
      assert.equal((await ledger.query({ q: 'counts' })).calls, 10);
    } finally {
      await other.close();
    }
    await ledger.close();
    ledger = openLedger(dir);
    assert.equal((await ledger.query({ q: 'counts' })).calls, 10);
  });

  it('moves a corrupt database aside, warns, and rebuilds from the journals', async () => {
    ledger = openLedger(dir);
    ledger.recordCall(call());
    await ledger.close();
    // A record that reached only the journal (its writer died before any checkpoint).
    const { proc, matched } = runChild([dir, '5', 'kill'], /recorded/);
    children.push(proc);
    await matched;
    proc.kill('SIGKILL');
    await exited(proc);
    const file = path.join(dir, 'usage.sqlite');
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, 100, bytes.length); // header intact, every page garbage
    fs.writeFileSync(file, bytes);

    const warnings: string[] = [];
    ledger = openLedger(dir, { onWarning: (m) => warnings.push(m) });
    assert.equal((await ledger.query({ q: 'counts' })).calls, 5);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /integrity check/);
    const aside = fs.readdirSync(dir).filter((f) => f.startsWith('usage.sqlite.corrupt-'));
    assert.equal(aside.length, 1);
    assert.deepEqual(fs.readFileSync(path.join(dir, aside[0]!)), bytes, 'the corrupt file is kept as it was');
  });

  it('finds damage past the header with the deferred page check and sets the file aside', async () => {
    ledger = openLedger(dir);
    for (let i = 0; i < 3000; i++) ledger.recordCall(call({ model: `m-${i % 50}` }));
    await ledger.close();
    const file = path.join(dir, 'usage.sqlite');
    const bytes = fs.readFileSync(file);
    const schema = schemaPages(bytes);
    for (let page = 9; page < bytes.length / 4096; page++) {
      if (!schema.has(page)) bytes.fill(0x5a, (page - 1) * 4096, page * 4096); // schema intact, data pages garbage
    }
    fs.writeFileSync(file, bytes);

    const warnings: string[] = [];
    ledger = openLedger(dir, { onWarning: (m) => warnings.push(m) });
    await ledger.ready; // the load reads only the header and schema: nothing noticed yet
    assert.deepEqual(warnings, []);
    assert.ok(await ledger.verify(), 'the page check reports the damage');
    assert.equal((await ledger.query({ q: 'counts' })).calls, 0);
    ledger.recordCall(call());
    await ledger.checkpoint();
    assert.equal((await ledger.query({ q: 'counts' })).calls, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /integrity/);
    assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('usage.sqlite.corrupt-')).length, 1);
  });

  it('keeps records in memory with one warning while the folder is unusable, and saves them once it works', async () => {
    // Running as root, permissions do not stop writes; a file where the folder should be does.
    const folder = path.join(dir, 'storage');
    fs.writeFileSync(folder, 'not a folder');
    const warnings: string[] = [];
    ledger = openLedger(folder, { onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 50; i++) ledger.recordCall(call());
    assert.equal((await ledger.query({ q: 'counts' })).calls, 50);
    await assert.rejects(ledger.checkpoint());
    for (let i = 0; i < 50; i++) ledger.recordCall(call());
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /EEXIST|ENOTDIR/);

    fs.rmSync(folder);
    const info = await ledger.checkpoint();
    assert.ok(info.bytes > 0);
    await ledger.close();
    ledger = openLedger(folder);
    assert.equal((await ledger.query({ q: 'counts' })).calls, 100);
  });
});

/** Pages of the schema table: page 1, and its children once it has outgrown one page (an interior b-tree page). */
function schemaPages(file: Buffer): Set<number> {
  const pages = new Set([1]);
  const header = 100;
  if (file[header] !== 5) return pages;
  pages.add(file.readUInt32BE(header + 8)); // right-most child
  const cells = file.readUInt16BE(header + 3);
  for (let i = 0; i < cells; i++) pages.add(file.readUInt32BE(file.readUInt16BE(header + 12 + 2 * i)));
  return pages;
}
