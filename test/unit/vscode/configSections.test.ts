// Config's validation in plain Node: configSections.ts is the pure half of src/vscode/config.ts,
// fed here by plain objects the way VS Code feeds it `switchboard.*` values.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, type ConfigSection, parseConfig, SECTION_SETTINGS } from '../../../src/vscode/configSections';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as Manifest;
/** The manifest's defaults by key below `switchboard.`: what VS Code hands over when nothing is set. */
const defaults = new Map(Object.entries(manifest.contributes.configuration.properties).map(([key, schema]) => [key.slice('switchboard.'.length), schema.default]));

function parseWith(values: Record<string, unknown>): Config {
  return parseConfig((key) => (key in values ? values[key] : defaults.get(key)));
}

/** The keys parseConfig asks for. */
function keysRead(): string[] {
  const keys: string[] = [];
  parseConfig((key) => void keys.push(key));
  return keys;
}

describe('configSections', () => {
  it('reads the manifest defaults as the documented values', () => {
    const config = parseWith({});
    assert.deepEqual(
      config.providers.configs.map((p) => p.id),
      ['openai', 'anthropic'],
    );
    assert.deepEqual(config.providers.problems, []);
    assert.deepEqual(config.cache, { enabled: true, ttlSeconds: 3600, maxEntries: 1000, maxMegabytes: 64 });
    assert.deepEqual(config.mcp, { callTimeoutMs: 60_000, idleMinutes: 0 });
    assert.deepEqual(config.pricing, { overrides: {} });
    assert.deepEqual(config.usage, { retentionDays: 0 });
    assert.deepEqual(config.costMeter, { period: 'today', budgets: { daily: 0, monthly: 0, workspaceMonthly: 0 }, enforcement: 'warn' });
    assert.deepEqual(config.agent, { maxSteps: 10, maxCostUsd: 0, maxTools: 128, toolTokenBudget: 32000 });
    assert.deepEqual(config.team, { member: '', project: '', budget: { memberMonthly: 0, projectMonthly: 0 } });
  });

  it('keeps the team database URL but never a password in it, and says why', () => {
    const plain = parseWith({ 'team.database': ' postgres://dev@db.example.com:5432/team?sslmode=verify-full ', 'team.member': 'me@x', 'team.budget.memberMonthly': 50 });
    assert.equal(plain.team.database, 'postgres://dev@db.example.com:5432/team?sslmode=verify-full');
    assert.equal(plain.team.databaseProblem, undefined);
    assert.equal(plain.team.member, 'me@x');
    assert.deepEqual(plain.team.budget, { memberMonthly: 50, projectMonthly: 0 });
    const leaked = parseWith({ 'team.database': 'postgres://dev:hunter2@db.example.com/team' });
    assert.equal(leaked.team.database, 'postgres://dev@db.example.com/team');
    assert.match(leaked.team.databaseProblem!, /contains a password; it was ignored/);
    assert.doesNotMatch(JSON.stringify(leaked.team), /hunter2/);
    assert.match(parseWith({ 'team.database': 'db.example.com' }).team.databaseProblem!, /is not a URL/);
  });

  it('falls back to the same values when nothing at all is known', () => {
    const { providers, ...rest } = parseConfig(() => undefined);
    const { providers: _documented, ...documented } = parseWith({});
    assert.deepEqual(providers, { configs: [], problems: [] });
    assert.deepEqual(rest, documented);
  });

  it('keeps valid values as set', () => {
    const config = parseWith({
      'cache.enabled': false,
      'cache.ttlSeconds': 0,
      'mcp.timeoutMs': 500,
      'mcp.idleMinutes': 2.5,
      'usage.retentionDays': 30,
      'costMeter.period': 'month',
      'budget.daily': 1.5,
      'budget.monthly': 40,
      'budget.workspaceMonthly': 12,
      'budget.enforcement': 'block',
      'agent.maxSteps': 3,
      'agent.maxCostUsd': 0.25,
      'agent.maxTools': 40,
      'agent.toolTokenBudget': 5000,
    });
    assert.equal(config.cache.enabled, false);
    assert.equal(config.cache.ttlSeconds, 0);
    assert.deepEqual(config.mcp, { callTimeoutMs: 500, idleMinutes: 2.5 });
    assert.deepEqual(config.usage, { retentionDays: 30 });
    assert.deepEqual(config.costMeter, { period: 'month', budgets: { daily: 1.5, monthly: 40, workspaceMonthly: 12 }, enforcement: 'block' });
    assert.deepEqual(config.agent, { maxSteps: 3, maxCostUsd: 0.25, maxTools: 40, toolTokenBudget: 5000 });
  });

  it('replaces nonsense from a hand-edited settings file with defaults or the nearest sane value', () => {
    const config = parseWith({
      'cache.ttlSeconds': -5,
      'cache.maxEntries': 'lots',
      'mcp.timeoutMs': 0,
      'mcp.idleMinutes': '5',
      'usage.retentionDays': -3,
      'costMeter.period': 'week',
      'budget.daily': -1,
      'budget.monthly': Number.NaN,
      'budget.enforcement': 'stop',
      'agent.maxSteps': 2.7,
      'agent.maxCostUsd': null,
      'agent.maxTools': 0,
      'agent.toolTokenBudget': -1,
    });
    assert.deepEqual(config.cache, { enabled: true, ttlSeconds: 0, maxEntries: 1000, maxMegabytes: 64 });
    assert.deepEqual(config.mcp, { callTimeoutMs: 60_000, idleMinutes: 0 });
    assert.deepEqual(config.usage, { retentionDays: 0 });
    assert.deepEqual(config.costMeter, { period: 'today', budgets: { daily: 0, monthly: 0, workspaceMonthly: 0 }, enforcement: 'warn' });
    assert.deepEqual(config.agent, { maxSteps: 2, maxCostUsd: 0, maxTools: 128, toolTokenBudget: 32000 });
    assert.equal(parseWith({ 'agent.maxSteps': 0 }).agent.maxSteps, 1);
  });

  it("passes the providers' problems and drops malformed price overrides through their own parsers", () => {
    const config = parseWith({
      providers: [{ id: 'ok', kind: 'openai' }, { kind: 'openai' }],
      'pricing.overrides': { good: { input: 1, output: 2 }, bad: { input: 'x', output: 2 } },
    });
    assert.deepEqual(config.providers.configs, [{ id: 'ok', kind: 'openai' }]);
    assert.equal(config.providers.problems.length, 1);
    assert.match(config.providers.problems[0]!, /switchboard\.providers\[1\]: "id" must be/);
    assert.deepEqual(config.pricing.overrides, { good: { input: 1, output: 2 } });
  });

  it('reads every contributed setting except the per-scope MCP server list, and only those', () => {
    const contributed = [...defaults.keys()].filter((key) => key !== 'mcp.servers').sort();
    assert.deepEqual([...keysRead()].sort(), contributed);
  });

  it('names, for each section, settings that cover every key the section reads', () => {
    const covers = (setting: string, key: string) => key === setting || key.startsWith(`${setting}.`);
    for (const key of keysRead()) {
      const owners = (Object.keys(SECTION_SETTINGS) as ConfigSection[]).filter((s) => SECTION_SETTINGS[s].some((setting) => covers(setting, key)));
      assert.equal(owners.length, 1, `${key} belongs to ${owners.join(', ') || 'no section'}`);
    }
    assert.ok(!SECTION_SETTINGS.mcp.some((setting) => covers(setting, 'mcp.servers')), 'mcp.servers changes must not re-read the pool settings');
  });
});
