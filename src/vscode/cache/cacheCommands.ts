// "Switchboard: Clear Response Cache" and "Switchboard: Show Cache Stats", as entries for the
// command map in extension.ts, plus the stats as a source for the status bar and dashboard.
import * as vscode from 'vscode';
import type { CacheStats } from '../../core/cache/cacheStats';
import { formatBytes, formatCacheStats, summarizeCacheStats } from '../../core/cache/cacheStats';
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
      const message = `Response cache cleared: ${entries} ${entries === 1 ? 'entry' : 'entries'} (${formatBytes(bytes)}) dropped.`;
      log.info(message);
      void vscode.window.showInformationMessage(`Switchboard: ${message}`);
      return { entries, bytes };
    },
    [SHOW_CACHE_STATS_COMMAND]: () => {
      const stats = cache.stats();
      for (const line of formatCacheStats(stats)) log.info(line);
      // One line in the notification, every figure in the log. Not awaited: the command is done
      // once the figures are shown, not when the notification is dismissed.
      void vscode.window.showInformationMessage(`Switchboard: ${summarizeCacheStats(stats)}`, 'Show Details', 'Clear Response Cache').then((choice) => {
        if (choice === 'Show Details') log.show(true);
        else if (choice === 'Clear Response Cache') void vscode.commands.executeCommand(CLEAR_CACHE_COMMAND);
      });
      return stats;
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
  const forwarding = cache.onDidChange(() => emitter.fire());
  return {
    stats: () => cache.stats(),
    lines: () => formatCacheStats(cache.stats()),
    onDidChange: emitter.event,
    dispose: () => {
      forwarding.dispose();
      emitter.dispose();
    },
  };
}
