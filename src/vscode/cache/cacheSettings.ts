// The `switchboard.cache.*` settings applied live, so an edit changes the cache's limits at once
// without a reload or losing entries that still fit. Config reads and validates them.
import type * as vscode from 'vscode';
import type { CacheOptions } from '../../core/cache/cacheOptions';
import type { ConfigPort } from '../config';

/** Re-applies the settings whenever one of them changes; dispose to stop. */
export function watchCacheSettings(
  cache: { configure(options: Partial<CacheOptions>): void },
  config: ConfigPort,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return config.onDidChange(['cache'], ({ cache: options }) => {
    cache.configure(options);
    log.info(`Response cache settings applied: ${JSON.stringify(options)}`);
  });
}
