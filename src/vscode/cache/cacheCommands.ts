// "Switchboard: Clear Response Cache" and "Switchboard: Show Cache Stats", as entries for the
// command map in extension.ts, plus the stats as a source for the status bar and dashboard.
import * as vscode from 'vscode';
import type { CacheStats } from '../../core/cache/cacheStats';
import { formatCacheStats, summarizeCacheStats } from '../../core/cache/cacheStats';
import type { ResponseCache } from '../../core/cache/responseCache';
import type { CommandMap } from '../commands';

export const CLEAR_CACHE_COMMAND = 'switchboard.clearResponseCache';
export const SHOW_CACHE_STATS_COMMAND = 'switchboard.showCacheStats';

type Cache = Pick<ResponseCache, 'clear' | 'stats'>;

export function cacheCommands(cache: Cache, log: vscode.LogOutputChannel): CommandMap {
  return {
    [CLEAR_CACHE_COMMAND]: () => {
      const { entries, bytes } = cache.stats();
      cache.clear();
      const message = `Response cache cleared: ${entries} ${entries === 1 ? 'entry' : 'entries'} (${(bytes / 1024 / 1024).toFixed(1)} MB) dropped.`;
      log.info(message);
      void vscode.window.showInformationMessage(`Switchboard: ${message}`);
    },
    [SHOW_CACHE_STATS_COMMAND]: async () => {
      const lines = formatCacheStats(cache.stats());
      for (const line of lines) log.info(line);
      // One line in the notification; every figure in the log.
      const choice = await vscode.window.showInformationMessage(`Switchboard: ${summarizeCacheStats(cache.stats())}`, 'Show Details', 'Clear Response Cache');
      if (choice === 'Show Details') log.show(true);
      else if (choice === 'Clear Response Cache') await vscode.commands.executeCommand(CLEAR_CACHE_COMMAND);
    },
  };
}

/** The cache's stats for the status-bar tooltip and the dashboard, with a change event. */
export interface CacheStatsSource extends vscode.Disposable {
  stats(): CacheStats;
  /** Plain-text lines for a tooltip. */
  lines(): string[];
  readonly onDidChange: vscode.Event<void>;
}

export function cacheStatsSource(cache: Cache & Pick<ResponseCache, 'onDidChange'>): CacheStatsSource {
  const emitter = new vscode.EventEmitter<void>();
  const unsubscribe = cache.onDidChange(() => emitter.fire());
  return {
    stats: () => cache.stats(),
    lines: () => formatCacheStats(cache.stats()),
    onDidChange: emitter.event,
    dispose: () => {
      unsubscribe();
      emitter.dispose();
    },
  };
}
