import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newId } from '../../../../src/core/ids';
import type { McpTimingRecord } from '../../../../src/core/usage/mcpTimings';
import { WARM_KEPT } from '../../../../src/core/usage/mcpTimings';
import { ledgerPerTest } from './helpers';

const connect = (server: string, startedAt: number, phases: [string, number][]): McpTimingRecord => ({
  id: newId(startedAt), server, startedAt, event: 'connect', transport: 'stdio',
  durationMs: phases.reduce((n, [, ms]) => n + ms, 0), phases: phases.map(([name, ms]) => ({ name, ms })),
});
const warm = (server: string, startedAt: number, durationMs: number): McpTimingRecord => ({ id: newId(startedAt), server, startedAt, event: 'call', durationMs });

describe('MCP timings in the ledger (real ledger files)', () => {
  const t = ledgerPerTest();

  it('keeps each server\'s last cold connect and the median of its recent warm calls across a reopen', async () => {
    const now = Date.now();
    const ledger = t.open();
    ledger.recordMcpTiming(connect('fx', now - 5000, [['spawn', 70], ['initialize', 90], ['tools/list', 22]]));
    ledger.recordMcpTiming(connect('fx', now - 9000, [['spawn', 500], ['initialize', 1], ['tools/list', 1]])); // older: ignored
    for (const d of [0.4, 0.3, 0.9, 0.5, 0.35]) ledger.recordMcpTiming(warm('fx', now - 4000, d));
    ledger.recordMcpTiming(connect('web', now - 3000, [['connect', 4.25], ['initialize', 3], ['tools/list', 2]]));
    await ledger.close();

    const reopened = t.open();
    const rows = await reopened.query({ q: 'mcpTimings' });
    assert.deepEqual(rows, [
      {
        server: 'fx', warmCalls: 5, medianWarmMs: 0.4,
        lastConnect: { startedAt: now - 5000, transport: 'stdio', totalMs: 182, phases: [{ name: 'spawn', ms: 70 }, { name: 'initialize', ms: 90 }, { name: 'tools/list', ms: 22 }] },
      },
      {
        server: 'web', warmCalls: 0, medianWarmMs: null,
        lastConnect: { startedAt: now - 3000, transport: 'stdio', totalMs: 9.25, phases: [{ name: 'connect', ms: 4.25 }, { name: 'initialize', ms: 3 }, { name: 'tools/list', ms: 2 }] },
      },
    ]);
  });

  it('keeps only the most recent warm calls per server, and a replayed journal line counts once', async () => {
    const now = Date.now();
    const ledger = t.open();
    // Old slow calls, then WARM_KEPT fast ones: the slow ones drop out of the median.
    for (let i = 0; i < 20; i++) ledger.recordMcpTiming(warm('fx', now - 100_000 + i, 50));
    for (let i = 0; i < WARM_KEPT; i++) ledger.recordMcpTiming(warm('fx', now - 50_000 + i, 1));
    await ledger.checkpoint();
    await ledger.close();
    // A journal holding lines the file already has (a crash between checkpoint and journal drop).
    const again = { k: 'm', r: warm('fx', now - 1000, 1) };
    fs.writeFileSync(path.join(t.dir, 'journal-1-abcd-000001.jsonl'), `${JSON.stringify(again)}\n${JSON.stringify(again)}\n`);
    const reopened = t.open();
    const [fx] = await reopened.query({ q: 'mcpTimings' });
    assert.equal(fx!.warmCalls, WARM_KEPT);
    assert.equal(fx!.medianWarmMs, 1);
  });

  it('sets aside a timing line with fields of the wrong type, and keeps the good ones', async () => {
    const now = Date.now();
    const bad = { k: 'm', r: { ...warm('fx', now, 1), event: 'sometimes' } };
    fs.writeFileSync(path.join(t.dir, 'journal-1-abcd-000001.jsonl'), `${JSON.stringify(bad)}\n${JSON.stringify({ k: 'm', r: warm('fx', now, 2) })}\n`);
    const ledger = t.open();
    const [fx] = await ledger.query({ q: 'mcpTimings' });
    assert.equal(fx!.warmCalls, 1);
    assert.equal(fx!.medianWarmMs, 2);
    assert.equal((await ledger.health()).unreadableLines, 1);
  });
});
