import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import { McpPool } from '../../../../src/core/mcp/pool';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ToolIndexer } from '../../../../src/core/mcp/toolIndexer';
import { ToolIndex } from '../../../../src/core/tools/toolIndex';
import { toolLimitWarnings } from '../../../../src/core/tools/toolLimits';
import { selectTools } from '../../../../src/core/tools/toolSelection';
import { terms } from '../../../../src/core/tools/toolText';
import { byServer, syntheticTools } from '../../../fixtures/syntheticTools';
import { EVERYTHING, FAST_RECONNECT, entry, testHost } from '../mcp/helpers';

function fill(registry: ToolRegistry, count: number): void {
  for (const [server, tools] of byServer(syntheticTools(count))) registry.replaceServer(server, tools);
}

const top = (index: ToolIndex, query: string, k = 10) => index.search(query, k).map((s) => s.entry.qualifiedName);

describe('tool text', () => {
  it('splits identifiers and stems so a prompt meets tool names', () => {
    assert.deepEqual(terms('everything/get-tinyImage listFiles'), terms('everything get tiny image list file'));
    assert.deepEqual(terms('get_tiny_image'), terms('get tiny image'));
    assert.deepEqual(terms('Please list the invoices'), terms('listing invoice'));
    assert.deepEqual(terms('the queries searches'), terms('query search'));
  });
});

describe('tool index over 10,000 synthetic tools and server-everything', function () {
  this.timeout(30_000);
  const pool = new McpPool(testHost(), FAST_RECONNECT);
  const registry = new ToolRegistry();
  const index = ToolIndex.follow(registry);
  const indexer = new ToolIndexer(pool, registry, silentLogger, 20);

  before(async () => {
    fill(registry, 10_000);
    await pool.apply([entry('everything', { args: [EVERYTHING, 'stdio'] })]);
    await pool.start('everything');
    await indexer.idle();
  });
  after(async () => {
    indexer.dispose();
    index.dispose();
    await pool.dispose();
  });

  it('indexes every registered tool, built with the registry', () => {
    assert.ok(registry.tools('everything').length >= 10);
    assert.equal(index.size, registry.tools().length);
  });

  it('finds server-everything tools from prompts that name their task', () => {
    const cases: [string, string][] = [
      ['What is the sum of 17 and 25?', 'everything/get-sum'],
      ['Echo back the string "hello"', 'everything/echo'],
      ['Compress the README with gzip', 'everything/gzip-file-as-resource'],
      ['Show me a tiny image', 'everything/get-tiny-image'],
      ['Print the environment variables of the server', 'everything/get-env'],
      ['Start a long running operation and report its progress', 'everything/trigger-long-running-operation'],
    ];
    for (const [prompt, tool] of cases) assert.ok(top(index, prompt).includes(tool), `${tool} not in the top 10 for "${prompt}": ${top(index, prompt).join(', ')}`);
  });

  it('finds synthetic tools from prompts phrased as tasks', () => {
    for (const t of syntheticTools(10_000).filter((_, i) => i % 997 === 0)) {
      const prompt = `Could you ${t.verb} the ${t.noun} for me in ${t.domain}?`;
      const hits = top(index, prompt);
      assert.ok(hits.includes(`${t.server}/${t.tool.name}`), `${t.tool.name} not in the top 10 for "${prompt}": ${hits.join(', ')}`);
    }
  });

  it('follows a server whose tools change, without a rebuild', () => {
    const before = index.size;
    registry.replaceServer('weather', [{ name: 'forecast_tomorrow', description: 'Tomorrow\'s barometric outlook', inputSchema: { type: 'object' } }]);
    assert.deepEqual(top(index, 'barometric outlook', 1), ['weather/forecast_tomorrow']);
    registry.replaceServer('weather', [{ name: 'humidity', description: 'Relative humidity now', inputSchema: { type: 'object' } }]);
    assert.deepEqual(top(index, 'barometric outlook', 1), []);
    assert.deepEqual(top(index, 'humidity', 1), ['weather/humidity']);
    registry.removeServer('weather');
    assert.equal(index.size, before);
    assert.deepEqual(top(index, 'humidity', 1), []);
  });

  it('offers at most maxTools: pinned tools first, then the prompt\'s best matches, then the rest', () => {
    registry.preferences.setPinned('synth-0003/' + registry.tools('synth-0003')[0]!.tool, true);
    const opts = { maxTools: 128, index, isPinned: (e: { qualifiedName: string }) => registry.preferences.isPinned(e.qualifiedName), tokensOf: (e: Parameters<ToolRegistry['toolTokens']>[0]) => registry.toolTokens(e) };
    const enabled = registry.enabledTools();
    const selection = selectTools(enabled, 'What is the sum of 17 and 25?', opts);
    assert.equal(selection.offered.length, 128);
    assert.equal(selection.leftOut.length, enabled.length - 128);
    assert.equal(selection.offered[0]!.server, 'synth-0003');
    assert.equal(selection.offered[1]!.qualifiedName, 'everything/get-sum');
    assert.ok(selection.savedTokens > selection.offeredTokens * 10, `saved ${selection.savedTokens} vs offered ${selection.offeredTokens}`);
    // Disabled tools are not candidates, so they are never offered even when they match best.
    registry.preferences.setToolEnabled('everything/get-sum', false);
    assert.ok(!selectTools(registry.enabledTools(), 'sum of two numbers', opts).offered.some((e) => e.qualifiedName === 'everything/get-sum'));
    registry.preferences.setToolEnabled('everything/get-sum', true);
    // Under the limit nothing is left out.
    const few = enabled.slice(0, 50);
    assert.deepEqual(selectTools(few, 'anything', opts).offered, few);
  });
});

describe('tool limit warnings', () => {
  it('warns when enabled tools exceed maxTools or their schemas the token budget, and not otherwise', () => {
    const registry = new ToolRegistry();
    fill(registry, 200);
    assert.deepEqual(toolLimitWarnings(registry, { maxTools: 200, toolTokenBudget: 0 }), []);
    const [count] = toolLimitWarnings(registry, { maxTools: 128, toolTokenBudget: 0 });
    assert.match(count!, /^200 tools enabled, over the limit of 128/);
    const tokens = registry.enabledTools().reduce((n, e) => n + registry.toolTokens(e), 0);
    assert.deepEqual(toolLimitWarnings(registry, { maxTools: 500, toolTokenBudget: tokens }), []);
    assert.match(toolLimitWarnings(registry, { maxTools: 500, toolTokenBudget: tokens - 1 })[0]!, /over the budget/);
    // Disabling a server brings the enabled tools back under the limit.
    registry.preferences.setServerEnabled('synth-0000', false);
    assert.deepEqual(toolLimitWarnings(registry, { maxTools: 100, toolTokenBudget: 0 }), []);
  });
});
