// The one interface every provider implements, and the configuration that builds one.
import type { ChatRequest, ChatResponse, ModelInfo, StreamEvent } from './types';

export interface ProviderConfig {
  /** User-chosen id, unique among configured providers (e.g. `openai`, `local-ollama`). */
  id: string;
  /** Factory key: `openai` | `anthropic` | `openai-compatible` (more may be registered). */
  kind: string;
  baseUrl?: string;
  defaultModel?: string;
  label?: string;
}

export interface LlmProvider {
  readonly config: ProviderConfig;
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
  /** Yields deltas and ends with exactly one `done` event carrying the accumulated response. */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Releases the HTTP client's sockets; the provider is unusable afterwards. */
  dispose?(): void;
}
