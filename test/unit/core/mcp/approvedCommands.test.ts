import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApprovedCommands } from '../../../../src/core/mcp/approvedCommands';
import type { TextFile } from '../../../../src/core/mcp/approvedCommands';

describe('approved command lines', () => {
  let dir: string;
  let path: string;
  const file = (): TextFile => ({ read: () => readFile(path, 'utf8').catch(() => undefined), write: (text) => writeFile(path, text) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-approved-'));
    path = join(dir, 'approved-commands.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sees what another window approved after it started, and keeps both windows\' approvals', async () => {
    const first = new ApprovedCommands(file());
    const second = new ApprovedCommands(file());
    assert.equal(await second.has('a'), false);
    await first.add('a');
    assert.equal(await second.has('a'), true, 'read again, not cached');
    await second.add('b');
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), ['a', 'b']);
  });

  it('treats an unreadable file as nothing approved, and rewrites it on the next approval', async () => {
    writeFileSync(path, '{ not json');
    const store = new ApprovedCommands(file());
    assert.equal(await store.has('a'), false);
    await store.add('a');
    assert.equal(await store.has('a'), true);
  });
});
