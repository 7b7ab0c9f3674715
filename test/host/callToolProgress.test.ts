// Host tier: the Call Tool panel against the real fixture server over stdio (FIXTURE_PROGRESS=1
// lists its `slow` tool), with the page played by a WebviewProbe: the page receives the call's
// progress reports, named by its call id, and its Cancel message ends the call as cancelled.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Envelope } from '../../media/protocol';
import { testSwitchboard, type TestContext } from './context';
import { setSetting, until } from './harness';
import { WebviewProbe } from './webviewProbe';

const SERVER = 'progress';

suite('Call Tool progress and cancellation', () => {
  let ctx: TestContext;
  let probe: WebviewProbe;

  suiteSetup(async () => {
    probe = new WebviewProbe();
    ctx = testSwitchboard({ webviewTransport: probe.transport });
    const fixture = join(__dirname, '..', 'fixtures', 'mcp', 'toolServer.js');
    await setSetting('mcp.servers', { [SERVER]: { type: 'stdio', command: process.execPath, args: [fixture], env: { FIXTURE_PROGRESS: '1' } } });
    await until('the configured server in the pool', () => ctx.sb.mcp.pool.servers().includes(SERVER));
    await ctx.sb.mcp.connect(SERVER);
    const entry = await until('the slow tool listed', () => ctx.sb.mcp.registry.tryResolve(`${SERVER}/slow`));
    ctx.sb.callTool.show(entry);
    await until('the tool shown to the ready page', () => probe.readies === 1 && probe.notifications('callTool/tool').length === 1);
  });

  suiteTeardown(async () => {
    await setSetting('mcp.servers', undefined);
    await ctx?.close();
    probe?.dispose();
  });

  const call = (id: number, args: Record<string, unknown>) => probe.asPage({ kind: 'request', id, method: 'callTool/call', params: { callId: id, args } });
  const answer = (id: number) => until(`the answer to call ${id}`, () => probe.toPage.find((m): m is Extract<Envelope, { kind: 'response' }> => m.kind === 'response' && m.id === id));
  const progressOf = (id: number) => probe.notifications('callTool/progress').filter((p) => (p as { callId: number }).callId === id);

  test('the page receives the slow tool’s progress reports, named by its call id', async () => {
    call(1, { steps: 4, everyMs: 30 });
    const response = await answer(1);
    assert.equal(response.ok, true, JSON.stringify(response));
    assert.equal((response as { result: { kind: string } }).result.kind, 'result');
    const seen = progressOf(1);
    // The last report can arrive with the answer, which the client settles first.
    assert.ok(seen.length >= 3, JSON.stringify(seen));
    assert.deepEqual(seen[0], { callId: 1, progress: 1, total: 4, message: 'step 1' });
  });

  test('the page’s Cancel message ends the running call as cancelled', async () => {
    call(2, { steps: 1_000, everyMs: 20 });
    await until('a progress report for call 2', () => progressOf(2).length > 0);
    probe.asPage({ kind: 'notification', method: 'callTool/cancel', params: { callId: 2 } });
    assert.deepEqual(await answer(2), { kind: 'response', id: 2, ok: true, result: { kind: 'cancelled' } });
  });
});
