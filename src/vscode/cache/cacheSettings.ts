// The `switchboard.cache.*` settings: read into core's CacheOptions and applied live, so an
// edit changes the cache's limits at once without a reload or losing entries that still fit.
import * as vscode from 'vscode';
import type { CacheOptions } from '../../core/cache/cacheOptions';

export const CACHE_SETTINGS_SECTION = 'switchboard.cache';

/** What is set; core fills gaps with defaults and clamps nonsense (see normalizeOptions). */
export function readCacheOptions(): Partial<CacheOptions> {
  const config = vscode.workspace.getConfiguration(CACHE_SETTINGS_SECTION);
  return {
    enabled: config.get<boolean>('enabled'),
    ttlSeconds: config.get<number>('ttlSeconds'),
    maxEntries: config.get<number>('maxEntries'),
    maxMegabytes: config.get<number>('maxMegabytes'),
  };
}

/** Re-applies the settings whenever one of them changes; dispose to stop. */
export function watchCacheSettings(cache: { configure(options: Partial<CacheOptions>): void }, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(CACHE_SETTINGS_SECTION)) return;
    const options = readCacheOptions();
    cache.configure(options);
    log.info(`Response cache settings applied: ${JSON.stringify(options)}`);
  });
}
