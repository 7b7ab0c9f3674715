// Both protocol eras through the one v2 client, against real server processes: v1 servers (our
// fixture on @modelcontextprotocol/sdk, server-everything), v2 servers through serveStdio and
// createMcpHandler in their default mode, and v2 servers that reject the 2025 era; over stdio and
// HTTP. Each cell connects, lists, calls, follows list_changed and honours a timeout.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { memoryVerdictStore } from '../../../../src/core/mcp/eraVerdicts';
import { McpPool } from '../../../../src/core/mcp/pool';
import { EVERYTHING, FAST_RECONNECT, FIXTURE, MODERN, entry, startChild, stopChild, testHost, textOf, until, within } from './helpers';


interface Cell {
  name: string;
  era: 'modern' | 'legacy';
  /** Returns the server's config (starting an HTTP server first when needed). */
  server(): Promise<Record<string, unknown>>;
  /** Whether the server has our fixture's add_tools/hang tools. */
  full: boolean;
}

describe('both protocol eras on the v2 client (real servers)', function () {
  this.timeout(60_000);
  let pool: McpPool | undefined;
  let child: ChildProcess | undefined;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sb-mcp-eras-'))));
  afterEach(async () => {
    await pool?.dispose();
    pool = undefined;
    await stopChild(child);
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const http = (args: string[]) => async () => {
    const started = await startChild(args, {}, /listening (\d+)/, 'stdout');
    child = started.child;
    return { type: 'http', url: `http://127.0.0.1:${started.match[1]}/mcp`, headers: {} };
  };
  const stdio = (args: string[]) => () => Promise.resolve({ args, env: { FIXTURE_SPAWN_LOG: join(dir, 'spawns') } });
  const cells: Cell[] = [
    { name: 'v1 fixture over stdio', era: 'legacy', server: stdio([FIXTURE]), full: true },
    { name: 'v1 server-everything over stdio', era: 'legacy', server: stdio([EVERYTHING]), full: false },
    { name: 'v1 fixture over HTTP', era: 'legacy', server: http([FIXTURE, 'http']), full: true },
    { name: 'v2 serveStdio (default)', era: 'modern', server: stdio([MODERN, 'stdio']), full: true },
    { name: "v2 serveStdio with legacy: 'reject'", era: 'modern', server: stdio([MODERN, 'stdio', 'reject']), full: true },
    { name: 'v2 createMcpHandler over HTTP (default)', era: 'modern', server: http([MODERN, 'http']), full: true },
    { name: "v2 createMcpHandler over HTTP with legacy: 'reject'", era: 'modern', server: http([MODERN, 'http', 'reject']), full: true },
  ];

  for (const cell of cells) {
    it(`${cell.name}: connects (${cell.era} era), lists, calls, follows list_changed and times out`, async () => {
      pool = new McpPool({ ...testHost(), verdicts: memoryVerdictStore() }, FAST_RECONNECT);
      await pool.apply([entry('s', await cell.server())]);
      const tools = await pool.listAllTools('s');
      assert.equal(pool.status('s')?.protocol?.era, cell.era);
      assert.ok(tools.some((t) => t.name === 'echo'), 'lists echo');
      assert.match(textOf(await pool.callTool('s', 'echo', { text: 'hi', message: 'hi' })), /hi/);
      if (!cell.full) return;
      const changed = until(pool.onToolsChanged.event, (e) => e.reason === 'list_changed');
      await pool.callTool('s', 'add_tools', { count: 1 });
      await within(changed, 10_000, 'no list_changed arrived');
      assert.ok((await pool.listAllTools('s')).length > tools.length, 'the new tool is listed');
      await assert.rejects(pool.callTool('s', 'hang', {}, { timeoutMs: 300 }), (err: unknown) => err instanceof ToolCallError && err.kind === 'timeout');
      assert.match(textOf(await pool.callTool('s', 'echo', { text: 'after' })), /after/, 'the session outlives a timed-out call');
    });
  }

  const spawnLog = () => join(dir, 'spawns');
  const spawnCount = () => readFileSync(spawnLog(), 'utf8').trim().split('\n').length;

  it('starts a v2 server over stdio exactly once per connect (the probe and the calls share the process)', async () => {
    const verdicts = memoryVerdictStore();
    pool = new McpPool({ ...testHost(), verdicts }, FAST_RECONNECT);
    await pool.apply([entry('s', { args: [MODERN, 'stdio'], env: { FIXTURE_SPAWN_LOG: spawnLog() } })]);
    await pool.start('s');
    assert.equal(spawnCount(), 1);
    assert.equal(verdicts.map.size, 1, 'the verdict is kept');
    await pool.stop('s');
    await pool.start('s');
    assert.equal(spawnCount(), 2, 'one more start for one more connect');
    assert.equal(pool.status('s')?.protocol?.era, 'modern');
  });

  // A 2025-era server that exits on the server/discover probe costs two starts per connect while
  // nothing is known about it; its cached legacy verdict brings that down to one.
  const strict2025 = () => entry('s', { args: [FIXTURE], env: { FIXTURE_SPAWN_LOG: spawnLog(), FIXTURE_STRICT_2025: '1' } });

  it('starts a 2025 server that exits on the probe twice at first, then once per connect with its cached verdict', async () => {
    const verdicts = memoryVerdictStore();
    pool = new McpPool({ ...testHost(), verdicts }, FAST_RECONNECT);
    await pool.apply([strict2025()]);
    await pool.start('s');
    assert.equal(spawnCount(), 2, 'the probe ended the first process; initialize needed a second');
    assert.equal([...verdicts.map.values()][0]?.era, 'legacy', 'remembered as legacy');
    for (const expected of [3, 4]) {
      await pool.stop('s');
      await pool.start('s');
      assert.equal(spawnCount(), expected, 'exactly one start per connect with the cached verdict');
    }
    assert.match(textOf(await pool.callTool('s', 'echo', { text: 'hi' })), /hi/);
    assert.equal(pool.status('s')?.protocol?.era, 'legacy');
  });

  it('starts that server twice on every connect when no verdict is kept (what the cache saves)', async () => {
    pool = new McpPool(testHost(), FAST_RECONNECT);
    await pool.apply([strict2025()]);
    await pool.start('s');
    await pool.stop('s');
    await pool.start('s');
    assert.equal(spawnCount(), 4);
  });

  it('keeps a stateless-era session through its health checks (there is no ping in that era)', async () => {
    const host = testHost();
    pool = new McpPool(host, { ...FAST_RECONNECT, pingIntervalMs: 20, pingTimeoutMs: 2_000 });
    await pool.apply([entry('s', { args: [MODERN, 'stdio'] })]);
    const pid = textOf(await pool.callTool('s', 'pid', {}));
    await new Promise((r) => setTimeout(r, 300)); // several health checks
    assert.equal(textOf(await pool.callTool('s', 'pid', {})), pid, 'the same process still serves');
    assert.deepEqual(host.lines.filter((l) => /ping failed/.test(l)), []);
  });

  it("passes a v2 HTTP server's elicitation request to Switchboard's handler, and declines without one", async () => {
    const { url } = (await http([MODERN, 'http'])()) as { url: string };
    const asked: string[] = [];
    pool = new McpPool({ ...testHost(), onElicit: async (server, request) => (asked.push(`${server}: ${request.message}`), { action: 'accept', content: { name: 'Ada' } }) }, FAST_RECONNECT);
    await pool.apply([entry('s', { type: 'http', url, headers: {} })]);
    assert.equal(textOf(await pool.callTool('s', 'ask', {})), 'hello Ada');
    assert.deepEqual(asked, ['s: Who is asking?']);
    const declining = new McpPool(testHost(), FAST_RECONNECT);
    try {
      await declining.apply([entry('quiet', { type: 'http', url, headers: {} })]);
      assert.equal(textOf(await declining.callTool('quiet', 'ask', {})), 'declined');
    } finally {
      await declining.dispose();
    }
  });
});
