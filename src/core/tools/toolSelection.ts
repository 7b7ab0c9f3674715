// Which tools to offer a model when more are enabled than it may be given (model APIs refuse
// more than 128; every schema costs prompt tokens on every step): the pinned tools, then the
// best BM25 matches for the prompt, then the rest in registry order until `maxTools`.
// Agent runs use it; so can the gateway's MCP endpoint (anything holding a registry and index).
import type { ToolEntry } from '../mcp/registry';
import type { ToolIndex } from './toolIndex';

export const DEFAULT_MAX_TOOLS = 128;
/** Schema tokens of the enabled tools past which the tree warns (0 = no warning). */
export const DEFAULT_TOOL_TOKEN_BUDGET = 32_000;

export interface SelectionOptions {
  maxTools: number;
  index: ToolIndex;
  isPinned(entry: ToolEntry): boolean;
  /** Estimated schema tokens of one tool (the registry's `toolTokens`). */
  tokensOf(entry: ToolEntry): number;
}

export interface ToolSelection {
  offered: ToolEntry[];
  /** Candidates not offered, in candidate order; empty when all fit. */
  leftOut: ToolEntry[];
  /** Schema tokens of the offered tools and of the ones left out (what selection saved). */
  offeredTokens: number;
  savedTokens: number;
}

function sumTokens(entries: readonly ToolEntry[], tokensOf: (e: ToolEntry) => number): number {
  let n = 0;
  for (const e of entries) n += tokensOf(e);
  return n;
}

/** Picks at most `maxTools` of `candidates` (the enabled tools) for `query`. */
export function selectTools(candidates: readonly ToolEntry[], query: string, opts: SelectionOptions): ToolSelection {
  const max = Math.max(0, Math.floor(opts.maxTools));
  if (candidates.length <= max) {
    return { offered: [...candidates], leftOut: [], offeredTokens: sumTokens(candidates, opts.tokensOf), savedTokens: 0 };
  }
  const pool = new Set(candidates);
  const chosen = new Set<ToolEntry>();
  for (const e of candidates) {
    if (chosen.size >= max) break;
    if (opts.isPinned(e)) chosen.add(e);
  }
  for (const hit of opts.index.search(query, max - chosen.size, (e) => pool.has(e) && !chosen.has(e))) chosen.add(hit.entry);
  for (const e of candidates) {
    if (chosen.size >= max) break;
    chosen.add(e);
  }
  const offered = [...chosen];
  const leftOut = candidates.filter((e) => !chosen.has(e));
  return { offered, leftOut, offeredTokens: sumTokens(offered, opts.tokensOf), savedTokens: sumTokens(leftOut, opts.tokensOf) };
}
