// "Switchboard: Clear Response Cache" and "Switchboard: Show Cache Stats", as entries for the
// command map in contributions.ts.
import * as vscode from 'vscode';
import { formatBytes, formatCacheStats, summarizeCacheStats } from '../../core/cache/cacheStats';
import type { ResponseCache } from '../../core/cache/responseCache';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';


type Cache = Pick<ResponseCache, 'clear' | 'stats'>;

export function cacheCommands(cache: Cache, log: vscode.LogOutputChannel): CommandMap {
  return {
    [Commands.clearResponseCache]: () => {
      const { entries, bytes } = cache.stats();
      cache.clear();
      const message = `Response cache cleared: ${entries} ${entries === 1 ? 'entry' : 'entries'} (${formatBytes(bytes)}) dropped.`;
      log.info(message);
      void vscode.window.showInformationMessage(`Switchboard: ${message}`);
      return { entries, bytes };
    },
    [Commands.showCacheStats]: () => {
      const stats = cache.stats();
      for (const line of formatCacheStats(stats)) log.info(line);
      // One line in the notification, every figure in the log. Not awaited: the command is done
      // once the figures are shown, not when the notification is dismissed.
      void vscode.window.showInformationMessage(`Switchboard: ${summarizeCacheStats(stats)}`, 'Show Details', 'Clear Response Cache').then((choice) => {
        if (choice === 'Show Details') log.show(true);
        else if (choice === 'Clear Response Cache') void vscode.commands.executeCommand(Commands.clearResponseCache);
      });
      return stats;
    },
  };
}
