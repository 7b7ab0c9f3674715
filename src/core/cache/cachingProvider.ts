// An LlmProvider that answers through a ResponseCache, so callers that take "a provider" get
// caching without knowing about it. The wrapped provider keeps its config, so keys and ledger
// records name the real provider.
import type { LlmProvider, ProviderConfig } from '../llm/provider';
import type { ChatRequest, ChatResponse, ModelInfo, StreamEvent } from '../llm/types';
import type { ResponseCache } from './responseCache';

export class CachingProvider implements LlmProvider {
  constructor(
    readonly inner: LlmProvider,
    private readonly cache: ResponseCache,
  ) {}

  get config(): ProviderConfig {
    return this.inner.config;
  }

  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    return this.cache.chat(this.inner, request, signal);
  }

  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    return this.cache.stream(this.inner, request, signal);
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.inner.listModels(signal);
  }
}
