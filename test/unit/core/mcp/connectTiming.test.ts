import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { McpTiming, ConnectTiming } from '../../../../src/core/mcp/connectTiming';
import { formatTiming } from '../../../../src/core/mcp/connectTiming';
import { memoryVerdictStore } from '../../../../src/core/mcp/eraVerdicts';
import { McpPool } from '../../../../src/core/mcp/pool';
import { FAST_RECONNECT, FIXTURE, MODERN, entry, fixtureEntry, memoryPool, startChild, stopChild, testHost } from './helpers';

/** Every timing the pool reports, in order. */
function collect(pool: McpPool): McpTiming[] {
  const seen: McpTiming[] = [];
  pool.onTiming.event((t) => seen.push(t));
  return seen;
}

function assertOrderedPhases(t: ConnectTiming, names: string[]): void {
  assert.deepEqual(t.phases.map((p) => p.name), names);
  let end = 0;
  for (const p of t.phases) {
    assert.ok(p.ms >= 0 && p.atMs >= 0, `${p.name}: ${p.atMs} + ${p.ms}`);
    assert.ok(p.atMs >= end - 1e-9, `${p.name} starts at ${p.atMs}, before the previous phase ended at ${end}`);
    end = p.atMs + p.ms;
  }
  assert.ok(Math.abs(t.totalMs - t.phases.reduce((n, p) => n + p.ms, 0)) < 1e-9);
}

describe('MCP connection timing', function () {
  this.timeout(30_000);
  let pool: McpPool | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    await pool?.dispose();
    pool = undefined;
    await stopChild(child);
    child = undefined;
  });

  it('times each phase of a connect with the injected clock, and each warm call', async () => {
    let now = 0;
    const host = testHost();
    host.clock = () => (now += 1); // every reading moves the clock on by 1 ms
    const mem = memoryPool(FAST_RECONNECT, host);
    const inner = mem.host.connect;
    mem.host.connect = (config, hooks) => {
      hooks.onTransportReady?.();
      return inner(config, hooks);
    };
    pool = mem.pool;
    const seen = collect(pool);
    await pool.apply([fixtureEntry('mem')]);
    await pool.start('mem');
    await pool.listAllTools('mem');
    await pool.listAllTools('mem'); // a later listing is not a phase of the connect
    await pool.callTool('mem', 'echo', { text: 'hi' });
    assert.deepEqual(seen.map((t) => t.kind), ['connect', 'call']);
    const connect = seen[0] as ConnectTiming;
    assertOrderedPhases(connect, ['spawn', 'initialize', 'tools/list']);
    assert.deepEqual(connect.phases.map((p) => [p.atMs, p.ms]), [[0, 1], [1, 1], [3, 1]]);
    assert.equal(connect.totalMs, 3);
    assert.equal(seen[1]!.kind === 'call' && seen[1]!.durationMs, 1);
    assert.deepEqual(pool.timing('mem'), { lastConnect: connect, warmCalls: 1, medianWarmMs: 1 });
    assert.equal(formatTiming(pool.timing('mem')!), 'last cold connect 3.0 ms (spawn 1.0 · initialize 1.0 · tools/list 1.0) · median warm call 1.0 ms (1 calls)');
  });

  it('a call that has to connect is not counted as warm', async () => {
    const mem = memoryPool();
    pool = mem.pool;
    const seen = collect(pool);
    await pool.apply([fixtureEntry('mem')]);
    await pool.callTool('mem', 'echo', { text: 'cold' });
    await pool.callTool('mem', 'echo', { text: 'warm' });
    assert.deepEqual(seen.map((t) => t.kind), ['call']);
  });

  it('a real stdio server: spawn, initialize, tools/list in order, then warm calls', async () => {
    pool = new McpPool(testHost(), FAST_RECONNECT);
    const seen = collect(pool);
    await pool.apply([fixtureEntry('stdio')]);
    await pool.start('stdio');
    await pool.listAllTools('stdio');
    for (let i = 0; i < 3; i++) await pool.callTool('stdio', 'echo', { text: `w${i}` });
    const connect = seen.find((t): t is ConnectTiming => t.kind === 'connect')!;
    assert.equal(connect.transport, 'stdio');
    assertOrderedPhases(connect, ['spawn', 'initialize', 'tools/list']);
    const calls = seen.filter((t) => t.kind === 'call');
    assert.equal(calls.length, 3);
    for (const c of calls) assert.ok(c.kind === 'call' && c.durationMs >= 0 && c.startedAt > 0);
    assert.equal(pool.timing('stdio')!.warmCalls, 3);
    assert.match(formatTiming(pool.timing('stdio')!), /^last cold connect [\d.]+ ms \(spawn [\d.]+ · initialize [\d.]+ · tools\/list [\d.]+\) · median warm call [\d.]+ ms \(3 calls\)$/);
  });

  it('a stateless (2026-07-28) server has no initialize: its step is server/discover, or the cached verdict', async () => {
    pool = new McpPool({ ...testHost(), verdicts: memoryVerdictStore() }, FAST_RECONNECT);
    const seen = collect(pool);
    await pool.apply([entry('modern', { args: [MODERN, 'stdio'] })]);
    await pool.listAllTools('modern');
    const first = seen.find((t): t is ConnectTiming => t.kind === 'connect')!;
    assertOrderedPhases(first, ['spawn', 'server/discover', 'tools/list']);
    assert.match(formatTiming(pool.timing('modern')!), /^last cold connect [\d.]+ ms \(spawn [\d.]+ · server\/discover [\d.]+ · tools\/list [\d.]+\)/);
    await pool.stop('modern');
    await pool.listAllTools('modern'); // connects again, replaying the verdict: no server/discover goes out
    const second = seen.filter((t): t is ConnectTiming => t.kind === 'connect')[1]!;
    assertOrderedPhases(second, ['spawn', 'cached verdict', 'tools/list']);
  });

  it('a real streamable HTTP server: connect (first response), initialize, tools/list', async () => {
    const started = await startChild([FIXTURE, 'http'], {}, /listening (\d+)/, 'stdout');
    child = started.child;
    pool = new McpPool(testHost(), FAST_RECONNECT);
    const seen = collect(pool);
    await pool.apply([entry('web', { type: 'http', url: `http://127.0.0.1:${started.match[1]}/mcp`, headers: {} })]);
    await pool.listAllTools('web');
    await pool.callTool('web', 'echo', { text: 'warm' });
    const connect = seen.find((t): t is ConnectTiming => t.kind === 'connect')!;
    assert.equal(connect.transport, 'http');
    assertOrderedPhases(connect, ['connect', 'initialize', 'tools/list']);
    assert.equal(seen.filter((t) => t.kind === 'call').length, 1);
  });
});
