// Exact usage mapping, one function per SDK. See the Usage doc comment in types.ts for the
// convention (inputTokens counts all input, cache reads and writes included).
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { Usage } from './types';
import { emptyUsage } from './types';

/** OpenAI Chat Completions: `prompt_tokens` already includes cached tokens; `completion_tokens` includes reasoning. */
export function usageFromOpenAi(u: OpenAI.CompletionUsage | null | undefined): Usage {
  if (!u) return emptyUsage();
  return {
    inputTokens: u.prompt_tokens,
    outputTokens: u.completion_tokens,
    cacheReadTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    // Chat Completions caching is automatic and reports no writes.
    cacheWriteTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** The usage fields Anthropic sends in `message.usage` and `message_delta.usage` (the delta's may be null). */
export type AnthropicUsageFields = Partial<{
  input_tokens: number | null;
  output_tokens: number | null;
  cache_creation_input_tokens: number | null;
  cache_read_input_tokens: number | null;
  cache_creation: Anthropic.CacheCreation | null;
  output_tokens_details: Anthropic.OutputTokensDetails | null;
}>;

/**
 * Anthropic Messages: `input_tokens` EXCLUDES cache reads and writes, so they are added back.
 * The 5m/1h split comes from `cache_creation`; without it all writes count as 5-minute
 * (the API's default TTL).
 */
export function usageFromAnthropic(u: AnthropicUsageFields | null | undefined): Usage {
  if (!u) return emptyUsage();
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  const write1h = u.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const write5m = u.cache_creation ? (u.cache_creation.ephemeral_5m_input_tokens ?? 0) : write - write1h;
  return {
    inputTokens: (u.input_tokens ?? 0) + read + write,
    outputTokens: u.output_tokens ?? 0,
    cacheReadTokens: read,
    cacheWriteTokens: write,
    cacheWrite5mTokens: write5m,
    cacheWrite1hTokens: write1h,
    reasoningTokens: u.output_tokens_details?.thinking_tokens ?? 0,
  };
}

/**
 * Streaming: `message_delta.usage` holds running totals, so each non-null field overwrites the
 * one from `message_start` (adding would count `output_tokens` twice).
 */
export function overwriteAnthropicUsage(current: AnthropicUsageFields, delta: AnthropicUsageFields): AnthropicUsageFields {
  const next: AnthropicUsageFields = { ...current };
  for (const [key, value] of Object.entries(delta) as Array<[keyof AnthropicUsageFields, unknown]>) {
    if (value !== null && value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
