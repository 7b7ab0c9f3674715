// The pool's behaviour over in-memory connections (the fixture server in-process, no processes):
// calls, timeouts, cancellation, stop, crash and reconnect, giving up, idle stop, redaction, and
// live config edits. What is about real processes and sockets is in pool.stdio and pool.http.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServer } from '../../../../src/core/mcp/configResolve';
import { backoffDelay } from '../../../../src/core/backoff';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import type { McpPool } from '../../../../src/core/mcp/pool';
import type { ServerState } from '../../../../src/core/mcp/poolTypes';
import type { MemoryServers } from '../../../fixtures/mcp/memoryServers';
import { FAST_RECONNECT, FIXTURE, entry, fixtureEntry, memoryPool, testHost, textOf, until, within } from './helpers';

describe('McpPool lifecycle (in-memory servers)', function () {
  this.timeout(10_000);
  let pool: McpPool;
  let servers: MemoryServers;
  let dir: string;

  const use = (made: { pool: McpPool; servers: MemoryServers }) => ({ pool, servers } = made);
  const pidOf = async (server: string) => Number(textOf(await pool.callTool(server, 'pid', {})));
  // The fixture's unlisted tally of hang calls and of cancellations it was sent.
  const hangs = async () => JSON.parse(textOf(await pool.callTool('fx', 'hangs', {}))) as { started: number; cancelled: number };
  const inFlight = async (server: string) => {
    while (pool.status(server)!.inflight === 0) await new Promise((r) => setImmediate(r));
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-mcp-life-'));
    use(memoryPool());
  });
  afterEach(async () => {
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes capped exponential backoff with jitter', () => {
    assert.equal(backoffDelay(0, 100, 1000, () => 1), 100);
    assert.equal(backoffDelay(3, 100, 1000, () => 1), 800);
    assert.equal(backoffDelay(9, 100, 1000, () => 1), 1000);
    assert.equal(backoffDelay(9, 100, 1000, () => 0), 500);
  });

  it('connects lazily and multiplexes concurrent calls on one session', async () => {
    await pool.apply([fixtureEntry('fx')]);
    assert.equal(pool.status('fx')?.state, 'stopped');
    assert.equal(servers.starts, 0, 'nothing connects before the first use');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.callTool('fx', 'echo', { text: `m${i}` })));
    assert.deepEqual(results.map(textOf), Array.from({ length: 20 }, (_, i) => `m${i}`));
    assert.deepEqual([pool.status('fx')!.state, pool.status('fx')!.sessions, servers.starts], ['running', 1, 1]);
  });

  it('honours a 500 ms per-server timeout on a tool that never answers, tells the server, and the session survives', async () => {
    await pool.apply([fixtureEntry('fx', {}, { timeoutMs: 500 })]);
    await pool.start('fx');
    await assert.rejects(pool.callTool('fx', 'hang', {}), (err: unknown) => {
      assert.ok(err instanceof ToolCallError);
      assert.equal(err.kind, 'timeout');
      assert.match(err.message, /did not answer within 500 ms/);
      return true;
    });
    assert.deepEqual(await hangs(), { started: 1, cancelled: 1 }, 'the server was told the call was cancelled');
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'still warm' })), 'still warm');
    assert.deepEqual([pool.status('fx')!.sessions, servers.starts], [1, 1]);
  });

  it('honours the global timeout and a per-call override', async () => {
    pool.updateSettings({ callTimeoutMs: 400 });
    await pool.apply([fixtureEntry('fx')]);
    await assert.rejects(pool.callTool('fx', 'hang', {}), /within 400 ms/);
    await assert.rejects(pool.callTool('fx', 'hang', {}, { timeoutMs: 200 }), /within 200 ms/);
  });

  it('cancels a call through an AbortSignal and tells the server', async () => {
    await pool.apply([fixtureEntry('fx')]);
    const ctl = new AbortController();
    const call = pool.callTool('fx', 'hang', {}, { signal: ctl.signal });
    while ((await hangs()).started === 0); // each look is a round trip to the server, not a sleep
    ctl.abort();
    await assert.rejects(call, (err: unknown) => err instanceof ToolCallError && err.kind === 'cancelled');
    assert.deepEqual(await hangs(), { started: 1, cancelled: 1 });
  });

  it('fails calls in flight at once with a clear error when the server is stopped', async () => {
    await pool.apply([fixtureEntry('fx')]);
    await pool.start('fx');
    const call = pool.callTool('fx', 'hang', {});
    await inFlight('fx');
    await pool.stop('fx');
    await assert.rejects(call, /connection was closed \(stopped\) while the call was in flight; it was not retried/);
    assert.equal(pool.status('fx')!.state, 'stopped');
    assert.equal(servers.live.size, 0, 'the session was closed');
  });

  it('fails a call in flight when the server goes away, then reconnects by itself', async () => {
    await pool.apply([fixtureEntry('fx')]);
    const pid = await pidOf('fx');
    const hanging = pool.callTool('fx', 'hang', {});
    await inFlight('fx');
    const states: ServerState[] = [];
    const reconnected = until(pool.onDidChangeStatus.event, (s) => (states.push(s.state), s.state === 'running'));
    await servers.kill(pid);
    await assert.rejects(hanging, (err: unknown) => err instanceof ToolCallError && err.kind === 'connection-lost' && /not retried/.test(err.message));
    // No call is made until the pool has reconnected on its own.
    await within(reconnected, 5_000, 'the pool did not reconnect by itself');
    assert.deepEqual(states, ['starting', 'running']);
    assert.equal(servers.starts, 2);
    assert.notEqual(await pidOf('fx'), pid);
  });

  it('gives up after the capped reconnect attempts, enters error, and recovers on restart', async () => {
    const marker = join(dir, 'refuse');
    await pool.apply([fixtureEntry('fx', { FIXTURE_REFUSE_IF: marker })]);
    const pid = await pidOf('fx');
    writeFileSync(marker, '');
    const errored = until(pool.onDidChangeStatus.event, (s) => s.state === 'error');
    await servers.kill(pid);
    const status = await errored;
    assert.match(status.lastError ?? '', /gave up after 4 reconnect attempts/);
    assert.ok(status.stderrTail.includes('fixture refuses to start'));
    assert.equal(servers.starts, 1 + 4);
    await assert.rejects(pool.callTool('fx', 'echo', { text: 'x' }), (err: unknown) => err instanceof ToolCallError && err.kind === 'not-running');
    rmSync(marker);
    await pool.restart('fx');
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'back' })), 'back');
  });

  it('says a call made while the server restarts after a crash was not sent', async () => {
    // Backoff of 2.5–5 s before the first reconnect: the call's 300 ms run out while it waits.
    await pool.dispose();
    use(memoryPool({ ...FAST_RECONNECT, reconnectBaseMs: 5000, reconnectMaxMs: 5000 }));
    await pool.apply([fixtureEntry('fx')]);
    const pid = await pidOf('fx');
    const restarting = until(pool.onDidChangeStatus.event, (s) => s.state === 'starting');
    await servers.kill(pid);
    await restarting;
    await assert.rejects(pool.callTool('fx', 'echo', { text: 'x' }, { timeoutMs: 300 }), (err: unknown) => {
      assert.ok(err instanceof ToolCallError);
      assert.equal(err.kind, 'not-running');
      assert.match(err.message, /^tool "echo" on MCP server "fx" was not sent: the server was restarting \(the connection closed unexpectedly\) and was not back within 300 ms$/);
      return true;
    });
  });

  it('stops an idle stdio server after idleMinutes and restarts it on the next call', async () => {
    await pool.apply([fixtureEntry('fx', {}, { idleMinutes: 0.002 })]);
    const pid = await pidOf('fx');
    await until(pool.onDidChangeStatus.event, (s) => s.state === 'stopped');
    assert.equal(servers.live.size, 0);
    assert.notEqual(await pidOf('fx'), pid);
  });

  it('never writes secrets from inputs to the log or the stderr tail', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const host = testHost();
    host.resolve = (e) => resolveServer(e, e.inputs, { userHome: dir, env: {}, resolveInput: async () => secret });
    await pool.dispose();
    use(memoryPool(FAST_RECONNECT, host));
    const withInput = entry('fx', { args: [FIXTURE, '${input:token}'] });
    await pool.apply([{ ...withInput, inputs: [{ id: 'token', type: 'promptString', password: true }] }]);
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'ok' })), 'ok');
    const everything = [...host.lines, ...pool.status('fx')!.stderrTail].join('\n');
    assert.ok(everything.includes('***'), 'the secret was there and got redacted');
    assert.ok(!everything.includes(secret));
  });

  it('applies config edits live: added start lazily, removed stop, changed restart', async () => {
    const announced: string[] = [];
    const sub = pool.onDidChangeStatus.event((s) => void announced.push(`${s.name}:${s.state}`));
    await pool.apply([fixtureEntry('a'), fixtureEntry('b')]);
    sub.dispose();
    assert.deepEqual(announced, ['a:stopped', 'b:stopped'], 'new servers are announced before they connect');
    const [pidA, pidB] = [await pidOf('a'), await pidOf('b')];
    const diff = await pool.apply([fixtureEntry('a', { CHANGED: '1' }), fixtureEntry('c')]);
    assert.deepEqual(diff, { added: ['c'], removed: ['b'], changed: ['a'] });
    assert.ok(!servers.live.has(pidB) && !servers.live.has(pidA), 'the removed and the changed server were closed');
    assert.equal(pool.status('b'), undefined);
    assert.equal(pool.status('c')!.state, 'stopped');
    assert.notEqual(await pidOf('a'), pidA);
    await assert.rejects(pool.callTool('b', 'pid', {}), /no MCP server named "b"/);
  });
});
