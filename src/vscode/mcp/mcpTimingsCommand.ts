// "Switchboard: Show MCP Timings": every server's last cold connect (its phases) next to its
// median warm call, from the ledger (so servers used in other windows or sessions show too).
import type * as vscode from 'vscode';
import { formatTiming } from '../../core/mcp/connectTiming';
import type { McpPool } from '../../core/mcp/pool';
import type { McpServerTimings, Query, QueryResults } from '../../core/usage/protocol';
import { Commands } from '../commandIds';
import type { CommandMap } from '../commands';


interface TimingsSource {
  query<Q extends Query>(query: Q): Promise<QueryResults[Q['q']]>;
}

/** One line per server: configured ones first (also those with nothing recorded), then any others the ledger knows. */
export function timingLines(configured: readonly string[], stored: readonly McpServerTimings[]): string[] {
  const byName = new Map(stored.map((t) => [t.server, t]));
  const names = [...configured, ...stored.map((t) => t.server).filter((s) => !configured.includes(s))];
  return names.map((name) => {
    const t = byName.get(name);
    if (!t) return `${name}: no timings recorded yet (it has not connected)`;
    const ratio = t.lastConnect && t.medianWarmMs ? ` · cold/warm ${Math.round(t.lastConnect.totalMs / t.medianWarmMs)}×` : '';
    return `${name}: ${formatTiming(t)}${ratio}`;
  });
}

export function mcpTimingsCommand(pool: McpPool, ledger: () => TimingsSource, log: vscode.LogOutputChannel): CommandMap {
  return {
    [Commands.showMcpTimings]: async (): Promise<string[]> => {
      const lines = timingLines([...pool.servers()].sort((a, b) => a.localeCompare(b)), await ledger().query({ q: 'mcpTimings' }));
      log.info('MCP timings (last cold connect vs median warm call):');
      for (const line of lines.length ? lines : ['no MCP servers are configured or recorded']) log.info(`  ${line}`);
      log.show(true);
      return lines;
    },
  };
}
