// The pool against real stdio server processes: what is about processes (spawn, crash, stderr,
// environment, kill, hung process, our stdio transport's batching and close). Everything else
// runs in-memory in pool.lifecycle.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { BATCH_MAX } from '../../../../src/core/mcp/batchingStdio';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { McpPool } from '../../../../src/core/mcp/pool';
import type { ServerState } from '../../../../src/core/mcp/poolTypes';
import { StdioChildTransport } from '../../../../src/core/mcp/stdioTransport';
import { EVERYTHING, FAST_RECONNECT, FIXTURE, entry, fixtureEntry, testHost, textOf, until, within } from './helpers';

/** Whether process `pid` still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

describe('McpPool over stdio', function () {
  this.timeout(30_000);
  let pool: McpPool;
  const host = testHost();

  beforeEach(() => {
    pool = new McpPool(host, FAST_RECONNECT);
  });
  afterEach(() => pool.dispose());
  const pidOf = async (server: string) => Number(textOf(await pool.callTool(server, 'pid', {})));

  it('connects lazily and multiplexes calls on one session (server-everything)', async () => {
    await pool.apply([entry('everything', { args: [EVERYTHING, 'stdio'] })]);
    assert.equal(pool.status('everything')?.state, 'stopped');
    assert.equal(pool.runningServers(), 0);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.callTool('everything', 'echo', { message: `m${i}` })));
    assert.deepEqual(results.map(textOf), Array.from({ length: 20 }, (_, i) => `Echo: m${i}`));
    const status = pool.status('everything')!;
    assert.equal(status.state, 'running');
    assert.equal(status.sessions, 1);
    assert.equal(status.transport, 'stdio');
    assert.ok(status.pid && alive(status.pid), 'the status carries the live child pid');
  });

  it('fails a call in flight when the server is killed, reconnects, and the next call succeeds', async () => {
    await pool.apply([fixtureEntry('fx')]);
    const pid = await pidOf('fx');
    assert.equal(pool.status('fx')!.pid, pid);
    const hanging = pool.callTool('fx', 'hang', {});
    // Wait until the call is really in flight before killing the process.
    while (pool.status('fx')!.inflight === 0) await new Promise((r) => setImmediate(r));
    const states: ServerState[] = [];
    const reconnected = until(pool.onDidChangeStatus.event, (s) => (states.push(s.state), s.state === 'running'));
    process.kill(pid, 'SIGKILL');
    await assert.rejects(hanging, (err: unknown) => {
      assert.ok(err instanceof ToolCallError);
      assert.equal(err.kind, 'connection-lost');
      assert.match(err.message, /tool "hang" on MCP server "fx" failed: the connection closed while the call was in flight/);
      assert.match(err.message, /not retried/);
      return true;
    });
    // The pool restarts the process by itself: no call is made before it has.
    const status = await within(reconnected, 15_000, 'the pool did not restart the killed server by itself');
    assert.deepEqual(states, ['starting', 'running']);
    assert.ok(status.pid && status.pid !== pid && alive(status.pid), 'a new process');
    assert.equal(await pidOf('fx'), status.pid);
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'after' })), 'after');
  });

  it('reconnects when an idle session stops answering pings (a hung process)', async () => {
    pool.updateSettings({ pingIntervalMs: 100, pingTimeoutMs: 300 });
    await pool.apply([fixtureEntry('fx')]);
    const pid = await pidOf('fx');
    process.kill(pid, 'SIGSTOP');
    try {
      await until(pool.onDidChangeStatus.event, (s) => s.state === 'running' && s.pid !== pid);
      assert.notEqual(await pidOf('fx'), pid);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('batches a burst of requests into a few writes on the child\'s stdin, and closes the child', async () => {
    const transport = new StdioChildTransport({ command: process.execPath, args: [FIXTURE], env: {}, onStderr: () => undefined });
    const client = new Client({ name: 't', version: '1' });
    await client.connect(transport);
    const pid = transport.pid!;
    // Count the writes that reach sockets (the child's stdin is a pipe socket) during the burst.
    let syscalls = 0;
    const originals = { _write: Socket.prototype._write, _writev: Socket.prototype._writev! };
    for (const key of ['_write', '_writev'] as const) {
      const original = originals[key] as (...a: unknown[]) => void;
      (Socket.prototype as unknown as Record<string, unknown>)[key] = function (this: Socket, ...a: unknown[]) {
        if (this !== (process.stdout as unknown) && this !== (process.stderr as unknown)) syscalls++;
        return original.apply(this, a);
      };
    }
    try {
      const n = 4 * BATCH_MAX;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => client.callTool({ name: 'echo', arguments: { text: `b${i}` } })));
      assert.deepEqual(results.map(textOf), Array.from({ length: n }, (_, i) => `b${i}`), 'every answer, in order');
      assert.ok(syscalls >= 1 && syscalls <= 5, `${n} requests left in ${syscalls} writes (batches of at most ${BATCH_MAX})`);
    } finally {
      Object.assign(Socket.prototype, originals);
      await client.close();
    }
    assert.equal(transport.pid, undefined);
    assert.ok(!alive(pid), 'closing the client ended the process');
  });

  it('puts a server whose command does not exist in the error state with a clear message', async () => {
    await pool.apply([entry('ghost', { command: 'switchboard-no-such-command-42', args: [] })]);
    await assert.rejects(pool.callTool('ghost', 'x', {}), /command "switchboard-no-such-command-42" was not found/);
    const status = pool.status('ghost')!;
    assert.equal(status.state, 'error');
    assert.match(status.lastError ?? '', /was not found/);
    // Later calls fail at once and point at the restart action.
    await assert.rejects(pool.callTool('ghost', 'x', {}), /error state .*restart it/);
  });

  it('says a server exited at start-up, with its stderr, rather than the SDK\'s "Connection closed"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-mcp-exit-'));
    try {
      const marker = join(dir, 'refuse');
      writeFileSync(marker, '');
      await pool.apply([fixtureEntry('fx', { FIXTURE_REFUSE_IF: marker })]);
      await assert.rejects(pool.callTool('fx', 'echo', { text: 'x' }), (err: unknown) => {
        assert.ok(err instanceof Error);
        // Exiting before any answer looks like a 2025-era server that exits on the version probe, so it is
        // started once more for the 2025 handshake: its stderr line appears once per start.
        assert.match(err.message, /could not start: the process exited during startup \(command ".*node[^"]*"\); its last stderr: fixture refuses to start( \| fixture refuses to start)?$/);
        assert.doesNotMatch(err.message, /-32000|Connection closed/);
        return true;
      });
      assert.match(pool.status('fx')!.lastError ?? '', /exited during startup.*fixture refuses to start/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps stderr in a tail and passes only the safe default environment plus configured env', async () => {
    process.env.SWITCHBOARD_TEST_LEAK = 'must-not-leak';
    try {
      await pool.apply([entry('everything', { args: [EVERYTHING, 'stdio'], env: { CONFIGURED: 'yes' } })]);
      const env = textOf(await pool.callTool('everything', 'get-env', {}));
      assert.match(env, /CONFIGURED/);
      assert.doesNotMatch(env, /SWITCHBOARD_TEST_LEAK/);
      assert.ok(pool.status('everything')!.stderrTail.length > 0, 'stderr tail is kept');
    } finally {
      delete process.env.SWITCHBOARD_TEST_LEAK;
    }
  });

  it('applies config edits live: added start lazily, removed stop, changed restart', async () => {
    await pool.apply([fixtureEntry('a'), fixtureEntry('b')]);
    const [pidA, pidB] = [await pidOf('a'), await pidOf('b')];
    assert.ok(alive(pidA) && alive(pidB));
    const diff = await pool.apply([fixtureEntry('a', { CHANGED: '1' }), fixtureEntry('c')]);
    assert.deepEqual(diff, { added: ['c'], removed: ['b'], changed: ['a'] });
    assert.ok(!alive(pidB), 'the removed server\'s process is gone');
    assert.ok(!alive(pidA), 'the changed server\'s old process is gone');
    assert.equal(pool.status('b'), undefined);
    assert.equal(pool.status('c')!.state, 'stopped');
    const newA = await pidOf('a');
    assert.ok(newA !== pidA && alive(newA));
    await assert.rejects(pool.callTool('b', 'pid', {}), /no MCP server named "b"/);
  });
});
