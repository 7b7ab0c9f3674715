import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { ToolExecutor } from '../../../../src/core/tools/executor';
import type { ApprovalRequest } from '../../../../src/core/tools/executor';
import type { ToolCallRecord, UsageSink } from '../../../../src/core/usage/records';
import { EVERYTHING, FAST_RECONNECT, entry, fixtureEntry, memoryPool, testHost } from '../mcp/helpers';

describe('ToolExecutor against fixture servers (in-memory)', function () {
  this.timeout(10_000);
  let pool: McpPool;
  let registry: ToolRegistry;
  let indexer: ToolIndexer;
  let executor: ToolExecutor;
  let records: ToolCallRecord[];
  let asked: ApprovalRequest[];
  let answer: boolean;

  beforeEach(async () => {
    records = [];
    asked = [];
    answer = true;
    pool = memoryPool().pool;
    registry = new ToolRegistry();
    indexer = new ToolIndexer(pool, registry, silentLogger, 20);
    const usage: UsageSink = { recordCall: () => undefined, recordExecution: () => undefined, recordToolCall: (r) => void records.push(r) };
    executor = new ToolExecutor({ registry, pool, usage, log: silentLogger, approve: async (req) => (asked.push(req), answer) });
    await pool.apply([fixtureEntry('fx', {}, { timeoutMs: 500 }), fixtureEntry('fy')]);
    await Promise.all([pool.start('fx'), pool.start('fy')]);
    await indexer.idle();
  });
  afterEach(async () => {
    executor.dispose();
    indexer.dispose();
    await pool.dispose();
  });

  it('asks for approval by default, calls, normalizes and records the call', async () => {
    const result = await executor.execute('fx/add', { a: 2, b: 3 }, { executionId: 'run-1' });
    assert.equal(result.text, '5\n\nStructured content (JSON): {"sum":5}');
    assert.deepEqual(result.structuredContent, { sum: 5 });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.entry.qualifiedName, 'fx/add');
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.deepEqual([r.server, r.tool, r.status, r.executionId], ['fx', 'add', 'ok', 'run-1']);
    assert.ok(r.requestBytes > 0 && r.responseBytes > 0 && r.durationMs >= 0);
  });

  it('skips the prompt for auto-approved tools and refuses denied ones', async () => {
    registry.preferences.setApprovalMode('fx/echo', 'auto');
    assert.equal((await executor.execute('fx/echo', { text: 'hi' })).text, 'hi');
    assert.equal(asked.length, 0);
    answer = false;
    await assert.rejects(executor.execute('fx/add', { a: 1, b: 1 }), /running fx\/add was not approved/);
    assert.equal(records.at(-1)!.status, 'denied');
  });

  it('rejects invalid arguments with the ajv messages before calling or asking', async () => {
    await assert.rejects(executor.execute('fx/add', { a: 'two', c: 1 }), (err: unknown) => {
      assert.ok(err instanceof ToolCallError && err.kind === 'invalid-arguments');
      assert.match(err.message, /invalid arguments for fx\/add: /);
      assert.match(err.message, /\(arguments\) must have required property 'b'/);
      assert.match(err.message, /\/a must be integer/);
      assert.match(err.message, /must not have property "c"/);
      return true;
    });
    assert.equal(asked.length, 0);
    assert.equal(records.at(-1)!.status, 'error');
  });

  it('normalizes text, image, resource and structured content', async () => {
    const mixed = await executor.execute('fx/mixed');
    assert.deepEqual(mixed.content.map((c) => c.kind), ['text', 'image', 'resource']);
    assert.match(mixed.text, /hello\n\[image image\/png, \d+ bytes\]\ninside/);
    assert.deepEqual(mixed.structuredContent, { ok: true });
  });

  it('records timeouts and refuses disabled tools and ambiguous names', async () => {
    registry.preferences.setApprovalMode('fx/hang', 'auto');
    await assert.rejects(executor.execute('fx/hang'), /did not answer within 500 ms/);
    assert.equal(records.at(-1)!.status, 'timeout');
    registry.preferences.setToolEnabled('fx/echo', false);
    await assert.rejects(executor.execute('fx/echo', { text: 'x' }), /fx\/echo is disabled/);
    await assert.rejects(executor.execute('echo', { text: 'x' }), /use one of: fx\/echo, fy\/echo/);
  });
});

describe('ToolExecutor against server-everything (a real process)', function () {
  this.timeout(30_000);
  const pool = new McpPool(testHost(), FAST_RECONNECT);
  const registry = new ToolRegistry();
  const indexer = new ToolIndexer(pool, registry, silentLogger, 20);
  const usage: UsageSink = { recordCall: () => undefined, recordExecution: () => undefined, recordToolCall: () => undefined };
  const executor = new ToolExecutor({ registry, pool, usage, log: silentLogger, approve: async () => true });
  after(async () => {
    executor.dispose();
    indexer.dispose();
    await pool.dispose();
  });

  it('normalizes a third-party server\'s image and structured content', async () => {
    await pool.apply([entry('everything', { args: [EVERYTHING, 'stdio'] })]);
    await pool.start('everything');
    await indexer.idle();
    const image = await executor.execute('everything/get-tiny-image');
    assert.ok(image.content.some((c) => c.kind === 'image' && c.mimeType === 'image/png' && c.data.length > 0));
    const structured = await executor.execute('get-structured-content', { location: 'New York' });
    assert.ok(structured.structuredContent && typeof structured.structuredContent === 'object');
  });
});
