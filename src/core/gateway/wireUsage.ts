// Usage back into each wire format. The neutral Usage came from the upstream's own numbers
// (src/core/llm/usage.ts), so each of these is its exact inverse for a same-format upstream.
import type { Usage } from '../llm/types';

export function usageToOpenAi(u: Usage): Record<string, unknown> {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}

/** Anthropic's `input_tokens` excludes cache reads and writes; the neutral `inputTokens` includes them. */
export function usageToAnthropic(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens - u.cacheReadTokens - u.cacheWriteTokens,
    output_tokens: u.outputTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite5mTokens, ephemeral_1h_input_tokens: u.cacheWrite1hTokens },
  };
}

/** The Responses API: input includes cached tokens (and cache writes), output includes reasoning tokens. */
export function usageToResponses(u: Usage): Record<string, unknown> {
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cacheReadTokens, cache_write_tokens: u.cacheWriteTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}
