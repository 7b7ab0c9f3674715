// The provider-neutral request, response and stream model. Every provider maps to and from
// these shapes; the cache keys on ChatRequest and the ledger records Usage, so both depend
// on this file being exact.

export type JsonSchema = Record<string, unknown>;

export interface TextPart {
  type: 'text';
  text: string;
}

export interface ImagePart {
  type: 'image';
  /** IANA media type, e.g. `image/png`. */
  mediaType: string;
  /** Base64-encoded bytes (no `data:` prefix). */
  data: string;
}

export type ContentPart = TextPart | ImagePart;

export interface ToolCall {
  /** Provider-assigned id, echoed back in the matching ToolResultMessage. */
  id: string;
  name: string;
  /** Parsed JSON arguments. */
  arguments: Record<string, unknown>;
  /** Only when the model's argument text was not a JSON object: the text itself (`arguments` is then `{}`). */
  rawArguments?: string;
}

/**
 * A block of a model's extended thinking (Anthropic). It goes back in later turns exactly as it
 * came, before the turn's text and tool calls: the API checks the signature, and with thinking on
 * it refuses a tool-use turn that does not start with its thinking.
 */
export type ReasoningBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/** A whole thinking block as the stream event that starts it (replays and SDK block starts alike). */
export function reasoningEvent(index: number, block: ReasoningBlock): StreamEvent {
  return block.type === 'thinking' ? { type: 'reasoning-delta', index, thinking: block.thinking, signature: block.signature } : { type: 'reasoning-delta', index, redacted: block.data };
}

export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
}

export interface AssistantMessage {
  role: 'assistant';
  content: string | TextPart[];
  toolCalls?: ToolCall[];
  reasoning?: ReasoningBlock[];
}

export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  /** Tool name; Anthropic does not need it, some OpenAI-compatible servers do. */
  name?: string;
  content: string | ContentPart[];
  isError?: boolean;
}

export type Message = UserMessage | AssistantMessage | ToolResultMessage;

export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema: JsonSchema;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export interface ResponseFormat {
  type: 'json_schema';
  name: string;
  schema: JsonSchema;
  strict?: boolean;
}

export interface ReasoningSettings {
  /** OpenAI reasoning models. */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Anthropic extended thinking budget; enables thinking when set. */
  budgetTokens?: number;
}

/** How the response cache treats a request: `bypass` skips the lookup but still refreshes the entry. */
export type CachePolicy = 'default' | 'bypass' | 'no-store';

/** Travels with the request inside Switchboard; never sent to a provider, never part of a cache key. */
/**
 * Who a request is made for, said once per caller (Switchboard.llm(id, context)) and copied onto
 * every ledger record the request produces: the upstream call's and a cache hit's alike.
 */
export interface CallContext {
  /** Where the request came from: `agent`, `vscode-chat`, `gateway`, … */
  source?: string;
  /** Who asked, within the source: the requesting extension or a gateway client's name. */
  client?: string;
  /** The workspace the request was made from (its name). */
  workspace?: string;
}

export interface RequestMetadata {
  executionId?: string;
  cachePolicy?: CachePolicy;
  /** Free-form labels for the ledger (e.g. the command that made the call). */
  tags?: Record<string, string>;
  /** Attribution for the ledger; never part of the cache key (metadata is not). */
  context?: CallContext;
}

export interface ChatRequest {
  model: string;
  system?: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningSettings;
  seed?: number;
  /** Provider-specific body fields passed through verbatim (and part of the cache key). */
  extra?: Record<string, unknown>;
  /** Provider-specific request headers sent as they are (e.g. a client's `anthropic-beta`); part of the cache key. */
  headers?: Record<string, string>;
  metadata?: RequestMetadata;
}

/**
 * Token usage of one call, in the convention `@pydantic/genai-prices` uses:
 * - `inputTokens` counts ALL input tokens, cache reads and cache writes included
 *   (OpenAI's `prompt_tokens` already does; for Anthropic it is
 *   `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`).
 * - `outputTokens` counts all output, reasoning tokens included.
 * - `cacheReadTokens`, `cacheWriteTokens` (= 5m + 1h) and `reasoningTokens` are subsets
 *   of the totals above, never additions to them.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

export interface ChatResponse {
  text: string;
  toolCalls: ToolCall[];
  /** The model's thinking blocks, in order, when it returned any. */
  reasoning?: ReasoningBlock[];
  /**
   * Content blocks of the provider's own that the neutral form has no type for (Anthropic's
   * server tool calls and their results, e.g. web search), whole and in order. Only a client of
   * the same format is given them; other mappings ignore them.
   */
  providerBlocks?: Record<string, unknown>[];
  /**
   * Anthropic's own stop reason and matched stop sequence, which the neutral `finishReason` folds
   * (`pause_turn`, `stop_sequence`); set by the Anthropic provider only, for Messages clients.
   */
  anthropicStop?: { reason: string; sequence: string | null };
  finishReason: FinishReason;
  /** The model the provider says answered (may differ from the requested alias). */
  responseModel: string;
  providerRequestId?: string;
  usage: Usage;
  /** Set by the response cache when this answer was served from memory (it cost nothing). */
  cached?: boolean;
}

export type StreamEvent =
  | { type: 'text-delta'; text: string }
  /** `index` orders tool calls; id and name arrive on the first delta, argument JSON in fragments. */
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  /**
   * `index` orders thinking blocks; a block starts with its first delta (a redacted one arrives
   * whole, as `redacted`), then brings thinking text and finally its signature.
   */
  | { type: 'reasoning-delta'; index: number; thinking?: string; signature?: string; redacted?: string }
  /** One of `ChatResponse.providerBlocks`, whole, once complete; `index` orders them. */
  | { type: 'provider-block'; index: number; block: Record<string, unknown> }
  | { type: 'usage'; usage: Usage }
  | { type: 'done'; response: ChatResponse };

export interface ModelInfo {
  id: string;
  label?: string;
}

export function emptyUsage(): Usage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    reasoningTokens: 0,
  };
}
