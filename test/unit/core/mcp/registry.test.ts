import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import { ToolCallError } from '../../../../src/core/mcp/errors';
import { FUNCTION_NAME, functionNameFor } from '../../../../src/core/mcp/functionNames';
import type { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import type { ToolPreferenceState } from '../../../../src/core/mcp/toolPreferences';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { fixtureEntry, memoryPool, until } from './helpers';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });

describe('ToolRegistry', () => {
  it('resolves qualified, function and bare names; a shared bare name lists its candidates', () => {
    const reg = new ToolRegistry();
    reg.replaceServer('alpha', [tool('echo'), tool('only-alpha')]);
    reg.replaceServer('beta', [tool('echo')]);
    assert.equal(reg.resolve('alpha/echo').server, 'alpha');
    assert.equal(reg.resolve('beta/echo').server, 'beta');
    assert.equal(reg.resolve('only-alpha').qualifiedName, 'alpha/only-alpha');
    assert.equal(reg.resolve('beta__echo').qualifiedName, 'beta/echo');
    assert.throws(() => reg.resolve('echo'), (err: unknown) => {
      assert.ok(err instanceof ToolCallError && err.kind === 'ambiguous');
      assert.match(err.message, /alpha\/echo, beta\/echo/);
      return true;
    });
    reg.removeServer('beta');
    assert.equal(reg.resolve('echo').qualifiedName, 'alpha/echo');
    assert.throws(() => reg.resolve('nope'), /no MCP tool named "nope"/);
  });

  it('gives stable, collision-free, reversible LLM-safe function names', () => {
    const reg = new ToolRegistry();
    const awkward = ['a.b', 'a_b', 'a-b', 'x'.repeat(80), 'x'.repeat(80) + 'y', 'tool with spaces', 'ünïcode'];
    reg.replaceServer('my_server.v2', awkward.map(tool));
    reg.replaceServer('my-server-v2', awkward.map(tool));
    const names = reg.tools().map((e) => e.functionName);
    assert.equal(new Set(names).size, names.length, 'no collisions');
    for (const e of reg.tools()) {
      assert.match(e.functionName, FUNCTION_NAME);
      assert.equal(reg.byFunctionName(e.functionName), e, 'maps back to its tool');
      assert.equal(functionNameFor(e.server, e.tool), e.functionName, 'depends only on server and tool');
    }
    assert.equal(functionNameFor('github', 'create_issue'), 'github__create_issue');
  });

  it('bumps its version, swaps a server in one step and keeps enabled flags through a store', () => {
    let saved: ToolPreferenceState | undefined;
    const reg = new ToolRegistry({ load: () => ({ disabledServers: [], disabledTools: ['s/b'], autoApprove: [] }), save: (s) => void (saved = s) });
    const v0 = reg.version;
    const change = reg.replaceServer('s', [tool('a'), tool('b')]);
    assert.equal(change.version, v0 + 1);
    assert.deepEqual(reg.enabledTools().map((e) => e.tool), ['a']);
    assert.ok(reg.tokenCost('s') > 0);
    const costA = reg.tokenCost('s');
    reg.preferences.setToolEnabled('s/b', true);
    assert.ok(reg.tokenCost('s') > costA);
    reg.preferences.setServerEnabled('s', false);
    assert.deepEqual(reg.enabledTools(), []);
    assert.deepEqual(saved?.disabledServers, ['s']);
    assert.ok(reg.version > change.version);
    const second = reg.replaceServer('s', [tool('c')]);
    assert.deepEqual(second.removed.map((e) => e.tool), ['a', 'b']);
    assert.throws(() => reg.resolve('s/a'));
  });
});

describe('ToolIndexer with fixture servers (in-memory)', function () {
  this.timeout(10_000);
  let pool: McpPool;
  let registry: ToolRegistry;
  let indexer: ToolIndexer;

  beforeEach(() => {
    pool = memoryPool().pool;
    registry = new ToolRegistry();
    indexer = new ToolIndexer(pool, registry, silentLogger, 20);
  });
  afterEach(async () => {
    indexer.dispose();
    await pool.dispose();
  });

  it('lists all 1,000 tools served in pages of 100', async () => {
    await pool.apply([fixtureEntry('big', { FIXTURE_TOOLS: '1000', FIXTURE_PAGE: '100' })]);
    const indexed = until(registry.onDidChange.event, (c) => c.server === 'big');
    await pool.start('big');
    const change = await indexed;
    assert.equal(change.added.length, 1000 + 7);
    assert.equal(registry.resolve('big/gen_00999').tool, 'gen_00999');
    assert.equal(registry.resolve('gen_00000').server, 'big');
  });

  it('follows tools/list_changed as tools are added and removed', async () => {
    await pool.apply([fixtureEntry('dyn', { FIXTURE_TOOLS: '2', FIXTURE_PAGE: '3' })]);
    await pool.start('dyn');
    await indexer.idle();
    assert.equal(registry.tools('dyn').length, 9);
    let changed = until(registry.onDidChange.event, (c) => c.server === 'dyn' && c.added.length === 14);
    await pool.callTool('dyn', 'add_tools', { count: 5 });
    await changed;
    assert.equal(registry.resolve('dyn/gen_00006').tool, 'gen_00006');
    changed = until(registry.onDidChange.event, (c) => c.server === 'dyn' && c.added.length === 8);
    await pool.callTool('dyn', 'remove_tools', { count: 6 });
    await changed;
    assert.equal(registry.tryResolve('dyn/gen_00001'), undefined);
    assert.equal(registry.resolve('dyn/gen_00000').tool, 'gen_00000');
  });

  it('indexes the same tool name on two servers and drops a removed server', async () => {
    await pool.apply([fixtureEntry('one'), fixtureEntry('two')]);
    await Promise.all([pool.start('one'), pool.start('two')]);
    await indexer.idle();
    assert.throws(() => registry.resolve('echo'), /one\/echo, two\/echo/);
    await pool.apply([fixtureEntry('one')]);
    assert.equal(registry.resolve('echo').qualifiedName, 'one/echo');
  });
});
