// The sections of Switchboard's settings and how a raw `switchboard.*` value becomes a typed,
// validated one. Pure (no `vscode` import) so the validation is unit-tested in plain Node;
// config.ts feeds it VS Code's settings. Each engine's own parser does its section's checking.
import { type CacheOptions, normalizeOptions } from '../core/cache/cacheOptions';
import { type ParsedProviderConfigs, parseProviderConfigs } from '../core/llm/providerConfig';
import { DEFAULT_POOL_SETTINGS } from '../core/mcp/poolTypes';
import type { PoolSettings } from '../core/mcp/poolTypes';
import type { ApprovalPolicy } from '../core/tools/toolHints';
import { DEFAULT_MAX_TOOLS, DEFAULT_TOOL_TOKEN_BUDGET } from '../core/tools/toolSelection';
import { type PriceOverrides, parseOverrides } from '../core/usage/priceOverrides';
import { parseTeamSettings, type TeamSettings } from './team/teamSettings';
import { METER_PERIODS, type MeterPeriod, type MeterSettings } from './usage/meterTypes';

export interface Config {
  /** Good entries plus one message per entry that could not be used. */
  providers: ParsedProviderConfigs;
  cache: CacheOptions;
  mcp: Pick<PoolSettings, 'callTimeoutMs' | 'idleMinutes'>;
  pricing: { overrides: PriceOverrides };
  usage: { retentionDays: number };
  costMeter: MeterSettings;
  agent: { maxSteps: number; maxCostUsd: number; maxTools: number; toolTokenBudget: number };
  tools: ApprovalPolicy;
  /** `port` 0: a free port picked once and remembered. */
  gateway: { enabled: boolean; port: number };
  team: TeamSettings;
}

export type ConfigSection = keyof Config;

/** The settings (below `switchboard.`) each section is read from: a change to any of them affects it. */
export const SECTION_SETTINGS: Readonly<Record<ConfigSection, readonly string[]>> = {
  providers: ['providers'],
  cache: ['cache'],
  // Not `mcp.servers`: the server list is read per scope (see mcpServerSettings in config.ts).
  mcp: ['mcp.timeoutMs', 'mcp.idleMinutes'],
  pricing: ['pricing'],
  usage: ['usage'],
  costMeter: ['costMeter', 'budget'],
  agent: ['agent'],
  tools: ['tools'],
  gateway: ['gateway'],
  team: ['team'],
};

/** A setting's value by its key below `switchboard.` (e.g. `cache.ttlSeconds`); undefined when unset. */
export type RawSettings = (key: string) => unknown;

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function atLeast(value: unknown, min: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

/** A TCP port, or 0 (pick one) for anything that is not. */
function port(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536 ? value : 0;
}

/** Every section from the raw values; invalid values fall back to defaults rather than failing. */
export function parseConfig(get: RawSettings): Config {
  const period = get('costMeter.period');
  return {
    providers: parseProviderConfigs(get('providers')),
    // normalizeOptions checks each value's type itself: a hand-edited file may hold anything.
    cache: normalizeOptions({
      enabled: get('cache.enabled'),
      ttlSeconds: get('cache.ttlSeconds'),
      maxEntries: get('cache.maxEntries'),
      maxMegabytes: get('cache.maxMegabytes'),
    } as Partial<CacheOptions>),
    mcp: {
      callTimeoutMs: atLeast(get('mcp.timeoutMs'), 1, DEFAULT_POOL_SETTINGS.callTimeoutMs),
      idleMinutes: nonNegative(get('mcp.idleMinutes'), DEFAULT_POOL_SETTINGS.idleMinutes),
    },
    pricing: { overrides: parseOverrides(get('pricing.overrides')) },
    // 0 keeps everything; so does a negative or non-numeric value.
    usage: { retentionDays: nonNegative(get('usage.retentionDays'), 0) },
    costMeter: {
      period: METER_PERIODS.includes(period as MeterPeriod) ? (period as MeterPeriod) : 'today',
      budgets: {
        daily: nonNegative(get('budget.daily'), 0),
        monthly: nonNegative(get('budget.monthly'), 0),
        workspaceMonthly: nonNegative(get('budget.workspaceMonthly'), 0),
      },
      enforcement: get('budget.enforcement') === 'block' ? 'block' : 'warn',
    },
    agent: {
      maxSteps: Math.max(1, Math.floor(nonNegative(get('agent.maxSteps'), 10))),
      maxCostUsd: nonNegative(get('agent.maxCostUsd'), 0),
      maxTools: Math.max(1, Math.floor(atLeast(get('agent.maxTools'), 1, DEFAULT_MAX_TOOLS))),
      toolTokenBudget: nonNegative(get('agent.toolTokenBudget'), DEFAULT_TOOL_TOKEN_BUDGET),
    },
    // Only a real `true` turns it on: it removes a confirmation.
    tools: { autoApproveReadOnly: get('tools.autoApproveReadOnly') === true },
    gateway: { enabled: get('gateway.enabled') === true, port: port(get('gateway.port')) },
    team: parseTeamSettings(get),
  };
}
