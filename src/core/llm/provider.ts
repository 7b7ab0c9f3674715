// The one interface every provider implements, and the configuration that builds one.
import type { Logger } from '../log';
import type { ChatRequest, ChatResponse, ModelInfo, StreamEvent } from './types';

export interface ProviderConfig {
  /** User-chosen id, unique among configured providers (e.g. `openai`, `local-ollama`). */
  id: string;
  /** Factory key: `openai` | `anthropic` | `openai-compatible` (more may be registered). */
  kind: string;
  baseUrl?: string;
  defaultModel?: string;
  label?: string;
  /** The SDK's own retries for 408/409/429/5xx and connection errors (SDK default: 2). */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds (SDK default: 10 minutes). */
  timeoutMs?: number;
}

/**
 * How core gets a provider's key: asked on every request, never kept by Switchboard's code
 * (the host backs it with SecretStorage). `undefined` means no key is stored.
 */
export interface ApiKeySource {
  getApiKey(providerId: string): Promise<string | undefined>;
}

export interface ProviderDeps {
  keys: ApiKeySource;
  logger?: Logger;
  /** Replaces the SDKs' global `fetch` (a proxy-aware fetch, or an in-memory transport in benches). */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

export type ProviderConstructor = (config: ProviderConfig, deps: ProviderDeps) => LlmProvider;

export interface LlmProvider {
  readonly config: ProviderConfig;
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
  /** Yields deltas and ends with exactly one `done` event carrying the accumulated response. */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Releases the HTTP client's sockets; the provider is unusable afterwards. */
  dispose?(): void;
}
