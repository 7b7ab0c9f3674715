import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import { SCHEMA_VERSION, migrate, schemaVersion } from '../../../../src/core/usage/schema';
import { call, ledgerPerTest, wasmPath, wholeDay } from './helpers';

describe('usage ledger schema', () => {
  const t = ledgerPerTest();
  let ledger: UsageLedger | undefined;

  it('migrates a file written with the first schema version, keeping its rows and building the rollups', async () => {
    const SQL = await initSqlJs({ locateFile: () => wasmPath });
    const v1 = new SQL.Database();
    migrate(v1, 1);
    assert.equal(schemaVersion(v1), 1);
    const now = Date.now() - 60_000;
    v1.exec(`
      INSERT INTO provider(id, name, kind) VALUES (1, 'openai', 'openai');
      INSERT INTO model(id, name) VALUES (1, 'gpt-4o');
      INSERT INTO label(id, name) VALUES (1, 'genai-prices@0.1.8');
      INSERT INTO executions(id, uid, kind, title, start, end, status) VALUES (1, 'run-1', NULL, 'old run', ${now}, ${now + 10}, 1);
      INSERT INTO calls VALUES (${now}, 'call-1', 1, 1, 1, NULL, 500, 1000, 100, 0, 0, 0, 0, 3500000, NULL, 0, 0, NULL, 1);
      INSERT INTO calls VALUES (${now + 1}, 'call-2', 1, 1, 1, NULL, 500, 2000, 200, 0, 0, 0, 0, NULL, NULL, 0, 1, NULL, NULL);
    `);
    fs.writeFileSync(path.join(t.dir, 'usage.sqlite'), v1.export());
    v1.close();

    ledger = t.open();
    ledger.recordCall(call());
    const rows = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' });
    assert.equal(rows[0]?.calls, 3);
    assert.equal(rows[0]?.unpricedCalls, 1);
    assert.equal(rows[0]?.errors, 1);
    const exec = await ledger.query({ q: 'execution', id: 'run-1' });
    assert.equal(exec.execution?.calls, 2);
    assert.equal(exec.execution?.inputTokens, 3000);
    assert.equal(exec.execution?.outputTokens, 300);
    assert.equal(exec.execution?.costUsd, 0.0035);
    assert.deepEqual(exec.calls.map((c) => c.id), ['call-1', 'call-2']);
    await ledger.close();
    ledger = undefined;

    const after = new SQL.Database(fs.readFileSync(path.join(t.dir, 'usage.sqlite')));
    assert.equal(schemaVersion(after), SCHEMA_VERSION);
    after.close();
  });

  it('refuses a file from a newer schema instead of rewriting it', async () => {
    const SQL = await initSqlJs({ locateFile: () => wasmPath });
    const db = new SQL.Database();
    db.exec(`PRAGMA user_version=${SCHEMA_VERSION + 1}`);
    assert.throws(() => migrate(db), /newer than this Switchboard/);
    db.close();
  });
});
