// Whether the enabled tools fit what a run may offer: more than `maxTools` means each run
// leaves some out (chosen per prompt); schemas past the token budget cost that much on every step.
import type { ToolRegistry } from '../mcp/registry';

export interface ToolLimits {
  maxTools: number;
  /** 0 = no budget. */
  toolTokenBudget: number;
}

/** One sentence per limit the enabled tools exceed; empty when they fit. */
export function toolLimitWarnings(registry: ToolRegistry, limits: ToolLimits): string[] {
  const enabled = registry.enabledTools();
  let tokens = 0;
  for (const e of enabled) tokens += registry.toolTokens(e);
  const out: string[] = [];
  if (enabled.length > limits.maxTools) {
    out.push(`${enabled.length.toLocaleString('en-US')} tools enabled, over the limit of ${limits.maxTools}: each run offers the pinned tools and those matching its prompt`);
  }
  if (limits.toolTokenBudget > 0 && tokens > limits.toolTokenBudget) {
    out.push(`Enabled tool schemas weigh ~${tokens.toLocaleString('en-US')} tokens, over the budget of ${limits.toolTokenBudget.toLocaleString('en-US')}: disable tools you do not need`);
  }
  return out;
}
