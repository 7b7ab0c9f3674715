import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServer } from '../../../../src/core/mcp/configResolve';
import { ToolCallError, backoffDelay } from '../../../../src/core/mcp/errors';
import { McpPool } from '../../../../src/core/mcp/pool';
import { FAST_RECONNECT, FIXTURE, entry, fixtureEntry, testHost, textOf, until } from './helpers';

describe('McpPool lifecycle', function () {
  this.timeout(30_000);
  let pool: McpPool | undefined;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-mcp-life-'));
  });
  afterEach(async () => {
    await pool?.dispose();
    pool = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('computes capped exponential backoff with jitter', () => {
    assert.equal(backoffDelay(0, 100, 1000, () => 1), 100);
    assert.equal(backoffDelay(3, 100, 1000, () => 1), 800);
    assert.equal(backoffDelay(9, 100, 1000, () => 1), 1000);
    assert.equal(backoffDelay(9, 100, 1000, () => 0), 500);
  });

  it('gives up after the capped reconnect attempts, enters error, and recovers on restart', async () => {
    const marker = join(dir, 'refuse');
    pool = new McpPool(testHost(), FAST_RECONNECT);
    await pool.apply([fixtureEntry('fx', { FIXTURE_REFUSE_IF: marker })]);
    const pid = Number(textOf(await pool.callTool('fx', 'pid', {})));
    writeFileSync(marker, '');
    const errored = until(pool.onDidChangeStatus.event, (s) => s.state === 'error');
    process.kill(pid, 'SIGKILL');
    const status = await errored;
    assert.match(status.lastError ?? '', /gave up after 4 reconnect attempts/);
    assert.ok(status.stderrTail.includes('fixture refuses to start'));
    await assert.rejects(pool.callTool('fx', 'echo', { text: 'x' }), (err: unknown) => err instanceof ToolCallError && err.kind === 'not-running');
    rmSync(marker);
    await pool.restart('fx');
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'back' })), 'back');
  });

  it('says a server exited at start-up, with its stderr, rather than the SDK\'s "Connection closed"', async () => {
    const marker = join(dir, 'refuse');
    writeFileSync(marker, '');
    pool = new McpPool(testHost(), FAST_RECONNECT);
    await pool.apply([fixtureEntry('fx', { FIXTURE_REFUSE_IF: marker })]);
    await assert.rejects(pool.callTool('fx', 'echo', { text: 'x' }), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /could not start: the process exited during startup \(command ".*node[^"]*"\); its last stderr: fixture refuses to start$/);
      assert.doesNotMatch(err.message, /-32000|Connection closed/);
      return true;
    });
    assert.match(pool.status('fx')!.lastError ?? '', /exited during startup.*fixture refuses to start/);
  });

  it('says a call made while the server restarts after a crash was not sent', async () => {
    // Backoff of 2.5–5 s before the first reconnect: the call's 300 ms run out while it waits.
    pool = new McpPool(testHost(), { ...FAST_RECONNECT, reconnectBaseMs: 5000, reconnectMaxMs: 5000 });
    await pool.apply([fixtureEntry('fx')]);
    const pid = Number(textOf(await pool.callTool('fx', 'pid', {})));
    const restarting = until(pool.onDidChangeStatus.event, (s) => s.state === 'starting');
    process.kill(pid, 'SIGKILL');
    await restarting;
    await assert.rejects(pool.callTool('fx', 'echo', { text: 'x' }, { timeoutMs: 300 }), (err: unknown) => {
      assert.ok(err instanceof ToolCallError);
      assert.equal(err.kind, 'not-running');
      assert.match(err.message, /^tool "echo" on MCP server "fx" was not sent: the server was restarting \(the connection closed unexpectedly\) and was not back within 300 ms$/);
      return true;
    });
  });

  it('reconnects when an idle session stops answering pings', async () => {
    pool = new McpPool(testHost(), { ...FAST_RECONNECT, pingIntervalMs: 100, pingTimeoutMs: 300 });
    await pool.apply([fixtureEntry('fx')]);
    const pid = Number(textOf(await pool.callTool('fx', 'pid', {})));
    process.kill(pid, 'SIGSTOP');
    try {
      await until(pool.onDidChangeStatus.event, (s) => s.state === 'running' && s.pid !== pid);
      assert.notEqual(Number(textOf(await pool.callTool('fx', 'pid', {}))), pid);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('stops an idle stdio server after idleMinutes and restarts it on the next call', async () => {
    pool = new McpPool(testHost(), FAST_RECONNECT);
    await pool.apply([fixtureEntry('fx', {}, { idleMinutes: 0.005 })]);
    const pid = textOf(await pool.callTool('fx', 'pid', {}));
    await until(pool.onDidChangeStatus.event, (s) => s.state === 'stopped');
    assert.notEqual(textOf(await pool.callTool('fx', 'pid', {})), pid);
  });

  it('honours the global timeout and a per-call override', async () => {
    pool = new McpPool(testHost(), { ...FAST_RECONNECT, callTimeoutMs: 500 });
    await pool.apply([fixtureEntry('fx')]);
    await assert.rejects(pool.callTool('fx', 'hang', {}), /within 500 ms/);
    await assert.rejects(pool.callTool('fx', 'hang', {}, { timeoutMs: 300 }), /within 300 ms/);
  });

  it('fails calls in flight at once with a clear error when the server is stopped', async () => {
    pool = new McpPool(testHost(), FAST_RECONNECT);
    await pool.apply([fixtureEntry('fx')]);
    await pool.start('fx');
    const call = pool.callTool('fx', 'hang', {});
    while (pool.status('fx')!.inflight === 0) await new Promise((r) => setImmediate(r));
    await pool.stop('fx');
    await assert.rejects(call, /connection was closed \(stopped\) while the call was in flight; it was not retried/);
    assert.equal(pool.status('fx')!.state, 'stopped');
  });

  it('never writes secrets from inputs to the log or the stderr tail', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const host = testHost();
    host.resolve = (e) => resolveServer(e, e.inputs, { userHome: dir, env: {}, resolveInput: async () => secret });
    pool = new McpPool(host, FAST_RECONNECT);
    const withInput = entry('fx', { args: [FIXTURE, '${input:token}'] });
    await pool.apply([{ ...withInput, inputs: [{ id: 'token', type: 'promptString', password: true }] }]);
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'ok' })), 'ok');
    const everything = [...host.lines, ...pool.status('fx')!.stderrTail].join('\n');
    assert.ok(everything.includes('***'), 'the secret was there and got redacted');
    assert.ok(!everything.includes(secret));
  });
});
