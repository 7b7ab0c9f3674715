// Reads the `switchboard.providers` setting (plain JSON from the host) into ProviderConfigs,
// keeping the good entries and saying exactly what is wrong with the others.
import type { ProviderConfig } from './provider';

export interface ParsedProviderConfigs {
  configs: ProviderConfig[];
  problems: string[];
}

const OPTIONAL_STRINGS = ['baseUrl', 'defaultModel', 'label'] as const;
const OPTIONAL_NUMBERS = ['maxRetries', 'timeoutMs'] as const;
const ID_PATTERN = /^[A-Za-z0-9._-]+$/;

function parseEntry(entry: unknown, at: string): ProviderConfig | string {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return `${at}: expected an object`;
  const e = entry as Record<string, unknown>;
  if (typeof e['id'] !== 'string' || !ID_PATTERN.test(e['id'])) return `${at}: "id" must be a non-empty string of letters, digits, ".", "_" or "-"`;
  if (typeof e['kind'] !== 'string' || !e['kind']) return `${at} (${e['id']}): "kind" must be a non-empty string`;
  const config: ProviderConfig = { id: e['id'], kind: e['kind'] };
  for (const field of OPTIONAL_STRINGS) {
    const value = e[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') return `${at} (${config.id}): "${field}" must be a string`;
    config[field] = value;
  }
  for (const field of OPTIONAL_NUMBERS) {
    const value = e[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return `${at} (${config.id}): "${field}" must be a whole number ≥ 0`;
    config[field] = value;
  }
  if (config.baseUrl) {
    try {
      new URL(config.baseUrl);
    } catch {
      return `${at} (${config.id}): "baseUrl" is not a URL: ${config.baseUrl}`;
    }
  }
  return config;
}

export function parseProviderConfigs(raw: unknown): ParsedProviderConfigs {
  if (raw === undefined || raw === null) return { configs: [], problems: [] };
  if (!Array.isArray(raw)) return { configs: [], problems: ['switchboard.providers: expected an array of providers'] };
  const configs: ProviderConfig[] = [];
  const problems: string[] = [];
  raw.forEach((entry, i) => {
    const parsed = parseEntry(entry, `switchboard.providers[${i}]`);
    if (typeof parsed === 'string') problems.push(parsed);
    else configs.push(parsed);
  });
  return { configs, problems };
}
