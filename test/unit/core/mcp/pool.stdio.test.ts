import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { BATCH_MAX, BatchingStdioTransport } from '../../../../src/core/mcp/batchingStdio';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { McpPool } from '../../../../src/core/mcp/pool';
import { EVERYTHING, FAST_RECONNECT, FIXTURE, entry, fixtureEntry, testHost, textOf, until } from './helpers';

describe('McpPool over stdio', function () {
  this.timeout(30_000);
  let pool: McpPool;
  const host = testHost();

  beforeEach(() => {
    pool = new McpPool(host, FAST_RECONNECT);
  });
  afterEach(() => pool.dispose());
  // The fixture's unlisted tally of hang calls; the cancellation went out before this request
  // on the same pipe, so the server has seen it by the time it answers.
  const hangs = async () => JSON.parse(textOf(await pool.callTool('fx', 'hangs', {}))) as { started: number; cancelled: number };

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
  });

  it('fails a call in flight when the server is killed, reconnects, and the next call succeeds', async () => {
    await pool.apply([fixtureEntry('fx')]);
    const pid = Number(textOf(await pool.callTool('fx', 'pid', {})));
    const hanging = pool.callTool('fx', 'hang', {});
    // Wait until the call is really in flight before killing the process.
    while (pool.status('fx')!.inflight === 0) await new Promise((r) => setImmediate(r));
    process.kill(pid, 'SIGKILL');
    await assert.rejects(hanging, (err: unknown) => {
      assert.ok(err instanceof ToolCallError);
      assert.equal(err.kind, 'connection-lost');
      assert.match(err.message, /tool "hang" on MCP server "fx" failed: the connection closed while the call was in flight/);
      assert.match(err.message, /not retried/);
      return true;
    });
    if (pool.status('fx')!.state !== 'running') await until(pool.onDidChangeStatus.event, (s) => s.state === 'running');
    const newPid = Number(textOf(await pool.callTool('fx', 'pid', {})));
    assert.notEqual(newPid, pid);
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'after' })), 'after');
  });

  it('honours a 500 ms per-server timeout on a tool that never answers, and the session survives', async () => {
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
    assert.equal(pool.status('fx')!.sessions, 1);
  });

  it('cancels a call through an AbortSignal', async () => {
    await pool.apply([fixtureEntry('fx')]);
    const ctl = new AbortController();
    const call = pool.callTool('fx', 'hang', {}, { signal: ctl.signal });
    while ((await hangs()).started === 0); // each look is a round trip to the server, not a sleep
    ctl.abort();
    await assert.rejects(call, (err: unknown) => err instanceof ToolCallError && err.kind === 'cancelled');
    assert.deepEqual(await hangs(), { started: 1, cancelled: 1 }, 'the server was told the call was cancelled');
  });

  it('batches a burst of requests into a few writes on the child\'s stdin', async () => {
    const transport = new BatchingStdioTransport({ command: process.execPath, args: [FIXTURE], stderr: 'ignore' });
    const client = new Client({ name: 't', version: '1' });
    await client.connect(transport);
    try {
      // The batching reaches into the SDK's private child handle; if an SDK update moves it, this fails.
      type Spied = { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
      const stdin = (transport as unknown as { _process?: { stdin?: Spied } })._process?.stdin;
      assert.ok(stdin, 'the SDK still keeps the child at _process');
      let syscalls = 0;
      for (const key of ['_write', '_writev'] as const) {
        const original = stdin[key];
        stdin[key] = function (this: unknown, ...a: unknown[]) {
          syscalls++;
          return original.apply(this, a);
        };
      }
      const n = 4 * BATCH_MAX;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => client.callTool({ name: 'echo', arguments: { text: `b${i}` } })));
      assert.deepEqual(results.map(textOf), Array.from({ length: n }, (_, i) => `b${i}`), 'every answer, in order');
      assert.ok(syscalls >= 1 && syscalls <= 5, `${n} requests left in ${syscalls} writes (batches of at most ${BATCH_MAX})`);
    } finally {
      await client.close();
    }
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
    const announced: string[] = [];
    const off = pool.onDidChangeStatus.event((s) => void announced.push(`${s.name}:${s.state}`));
    await pool.apply([fixtureEntry('a'), fixtureEntry('b')]);
    off.dispose();
    assert.deepEqual(announced, ['a:stopped', 'b:stopped'], 'new servers are announced before they connect');
    const pidA = textOf(await pool.callTool('a', 'pid', {}));
    await pool.callTool('b', 'pid', {});
    const diff = await pool.apply([fixtureEntry('a', { CHANGED: '1' }), fixtureEntry('c')]);
    assert.deepEqual(diff, { added: ['c'], removed: ['b'], changed: ['a'] });
    assert.equal(pool.status('b'), undefined);
    assert.equal(pool.status('c')!.state, 'stopped');
    assert.notEqual(textOf(await pool.callTool('a', 'pid', {})), pidA);
    await assert.rejects(pool.callTool('b', 'pid', {}), /no MCP server named "b"/);
  });
});
