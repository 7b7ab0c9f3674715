// What VS Code's model picker and callers are told about a model: its context limits and
// capabilities. The context window comes from @pydantic/genai-prices' bundled model data where it
// has one; everything else gets conservative defaults, because a caller that believes a window
// is larger than it is sends prompts the provider refuses.
import { calcPrice } from '@pydantic/genai-prices';

export interface ChatModelLimits {
  maxInputTokens: number;
  maxOutputTokens: number;
  /** `true`, or the most tools one request may carry. */
  toolCalling: boolean | number;
  imageInput: boolean;
}

/** A window most current chat models exceed; used when the model's is unknown. */
export const DEFAULT_CONTEXT_WINDOW = 32_768;
export const DEFAULT_MAX_OUTPUT = 4_096;
/** Output is capped at a quarter of the window (and this), so long prompts keep room. */
const MAX_OUTPUT_CAP = 16_384;
/** OpenAI's Chat Completions API refuses more than 128 tools in one request. */
const OPENAI_TOOL_LIMIT = 128;

/** genai-prices' provider ids for Switchboard's provider kinds (compatible servers match by model name). */
const PRICE_PROVIDER: Record<string, string | undefined> = { openai: 'openai', anthropic: 'anthropic' };

const VISION = /(?:gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|^o[134]|claude-(?:3|sonnet|opus|haiku)|gemini|vision|llava|pixtral)/i;

/** The model's context window per the bundled data, or undefined when it has none. */
export function contextWindowOf(providerKind: string, model: string): number | undefined {
  try {
    const providerId = PRICE_PROVIDER[providerKind];
    const found = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, providerId ? { providerId } : {});
    const window = found?.model.context_window;
    return typeof window === 'number' && window > 0 ? window : undefined;
  } catch {
    return undefined;
  }
}

export function chatModelLimits(providerKind: string, model: string): ChatModelLimits {
  const window = contextWindowOf(providerKind, model);
  const maxOutputTokens = window ? Math.min(MAX_OUTPUT_CAP, Math.floor(window / 4)) : DEFAULT_MAX_OUTPUT;
  return {
    maxInputTokens: (window ?? DEFAULT_CONTEXT_WINDOW) - maxOutputTokens,
    maxOutputTokens,
    toolCalling: providerKind === 'anthropic' ? true : OPENAI_TOOL_LIMIT,
    imageInput: VISION.test(model),
  };
}
