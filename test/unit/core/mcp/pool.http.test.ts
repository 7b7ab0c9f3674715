import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { leakFreeFetch } from '../../../../src/core/mcp/transports';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { McpPool } from '../../../../src/core/mcp/pool';
import { EVERYTHING, FAST_RECONNECT, FIXTURE, entry, freePort, startChild, stopChild, testHost, textOf, until, within } from './helpers';

/**
 * Wraps a fetch to see the AbortSignal of every request: `most()` is the largest number of
 * abort listeners seen on one of them, sampled as each request starts (with the earlier ones
 * still in flight) and on a timer.
 */
type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

function listenerProbe(inner: Fetch) {
  const signals = new Set<AbortSignal>();
  let requests = 0;
  let most = 0;
  const sample = () => {
    for (const s of signals) most = Math.max(most, getEventListeners(s, 'abort').length);
  };
  const timer = setInterval(sample, 1);
  const probe: Fetch = (url, init) => {
    requests++;
    const response = inner(url, init);
    if (init?.signal) signals.add(init.signal);
    sample();
    return response;
  };
  return {
    fetch: probe,
    restore: inner,
    requests: () => requests,
    most: () => {
      clearInterval(timer);
      sample();
      return most;
    },
  };
}

describe('McpPool over HTTP on loopback', function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  let pool: McpPool;
  const host = testHost();

  beforeEach(() => {
    pool = new McpPool(host, FAST_RECONNECT);
  });
  afterEach(async () => {
    await pool.dispose();
    await stopChild(child);
    child = undefined;
  });

  async function everything(mode: 'streamableHttp' | 'sse'): Promise<number> {
    const port = await freePort();
    child = (await startChild([EVERYTHING, mode], { PORT: String(port) }, /(listening on port|running on port) \d+/, 'stderr')).child;
    return port;
  }

  it('calls server-everything over streamable HTTP; 50 concurrent calls leak no listeners', async () => {
    const port = await everything('streamableHttp');
    await pool.apply([entry('web', { type: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: {} })]);
    // Every request the pool's transport makes reaches the global fetch: watch the abort listeners
    // on the signals those requests carry while all 50 are in flight.
    const probe = listenerProbe(globalThis.fetch);
    globalThis.fetch = probe.fetch as typeof fetch;
    try {
      await pool.start('web');
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => pool.callTool('web', 'echo', { message: `c${i}` })));
      assert.equal(textOf(results[49]!), 'Echo: c49');
    } finally {
      globalThis.fetch = probe.restore as typeof fetch;
    }
    assert.ok(probe.requests() >= 50, `${probe.requests()} requests seen`);
    assert.ok(probe.most() <= 2, `${probe.most()} abort listeners on one request signal while the calls were in flight`);
    assert.equal(pool.status('web')!.transport, 'http');
  });

  it('keeps the SDK transport\'s shared AbortSignal free of per-request listeners', async () => {
    const port = await everything('streamableHttp');
    const mostListenersOver50 = async (fetchImpl: Fetch): Promise<number> => {
      // The SDK hands its one shared signal to the fetch it is given: the probe sees it there.
      const probe = listenerProbe(fetchImpl);
      const client = new Client({ name: 't', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { fetch: probe.fetch }));
      try {
        await Promise.all(Array.from({ length: 50 }, () => client.callTool({ name: 'echo', arguments: { message: 'x' } })));
        return probe.most();
      } finally {
        await client.close();
      }
    };
    const plain = await mostListenersOver50(fetch);
    const ours = await mostListenersOver50(leakFreeFetch);
    assert.ok(plain >= 10, `the plain SDK setup piles listeners on one signal (what this guards against): ${plain}`);
    assert.ok(ours <= 2, `${ours} listeners on the shared signal`);
  });

  it('falls back to SSE for a server without streamable HTTP', async () => {
    const port = await everything('sse');
    await pool.apply([entry('old', { type: 'http', url: `http://127.0.0.1:${port}/sse`, headers: {} })]);
    assert.equal(textOf(await pool.callTool('old', 'echo', { message: 'via sse' })), 'Echo: via sse');
    assert.equal(pool.status('old')!.transport, 'sse');
  });

  it('re-initializes when the server answers 404 for an expired session', async () => {
    const started = await startChild([FIXTURE, 'http'], {}, /listening (\d+)/, 'stdout');
    child = started.child;
    const url = `http://127.0.0.1:${started.match[1]}`;
    await pool.apply([entry('fx', { type: 'http', url: `${url}/mcp`, headers: {}, maxSessions: 1 })]);
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'one' })), 'one');
    await (await fetch(`${url}/expire`)).text();
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'two' })), 'two');
    assert.equal(pool.status('fx')!.state, 'running');
    assert.ok(host.lines.some((l) => l.includes('session expired (HTTP 404); re-initializing')));
    await (await fetch(`${url}/expire`)).text();
    assert.equal((await pool.listAllTools('fx')).length, 7, 'listing re-initializes too');
  });

  it('fails a call in flight when the HTTP server dies, reconnects once it is back, and the next call succeeds', async () => {
    const started = await startChild([FIXTURE, 'http'], {}, /listening (\d+)/, 'stdout');
    child = started.child;
    const port = started.match[1]!;
    await pool.dispose();
    pool = new McpPool(host, { ...FAST_RECONNECT, reconnectAttempts: 30, reconnectMaxMs: 300 });
    await pool.apply([entry('fx', { type: 'http', url: `http://127.0.0.1:${port}/mcp`, headers: {} })]);
    await pool.start('fx');
    const hanging = pool.callTool('fx', 'hang', {});
    hanging.catch(() => undefined); // it rejects while the child is being stopped; asserted below
    while (pool.status('fx')!.inflight === 0) await new Promise((r) => setImmediate(r));
    await stopChild(child);
    await assert.rejects(hanging, (err: unknown) => {
      assert.ok(err instanceof ToolCallError, String(err));
      assert.equal(err.kind, 'connection-lost');
      assert.match(err.message, /tool "hang" on MCP server "fx" failed: the connection was closed \(connection lost\).*not retried/);
      return true;
    });
    const back = until(pool.onDidChangeStatus.event, (s) => s.state === 'running');
    child = (await startChild([FIXTURE, 'http'], { FIXTURE_PORT: port }, /listening (\d+)/, 'stdout')).child;
    // The reconnect loop finds the server again by itself: no call is made before it has.
    await within(back, 15_000, 'the pool did not reconnect by itself once the server was back');
    assert.equal(pool.status('fx')!.sessions, 1);
    assert.equal(textOf(await pool.callTool('fx', 'echo', { text: 'back' })), 'back');
  });

  it('opens up to maxSessions sessions for an HTTP server under load', async () => {
    const started = await startChild([FIXTURE, 'http'], {}, /listening (\d+)/, 'stdout');
    child = started.child;
    await pool.apply([entry('fx', { type: 'http', url: `http://127.0.0.1:${started.match[1]}/mcp`, headers: {}, maxSessions: 2 })]);
    await pool.start('fx');
    const hung = pool.callTool('fx', 'hang', {}, { timeoutMs: 60_000 }).catch(() => undefined);
    while (pool.status('fx')!.inflight === 0) await new Promise((r) => setImmediate(r));
    // The busy session makes the pool open a second one in the background.
    const deadline = Date.now() + 20_000;
    while (pool.status('fx')!.sessions < 2 && Date.now() < deadline) {
      await pool.callTool('fx', 'echo', { text: 'x' });
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(pool.status('fx')!.sessions, 2);
    await pool.stop('fx');
    await hung;
  });
});
