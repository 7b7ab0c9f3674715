// What the SDK-backed providers share: error normalization around every call, the event
// stream that builds the final `done` event, per-request key lookup and client options.
import { silentLogger } from '../log';
import type { ApiKeySource, LlmProvider, ProviderConfig, ProviderDeps } from './provider';
import type { ChatRequest, ChatResponse, ModelInfo, StreamEvent } from './types';
import { cutStreamError, LlmError, normalizeError } from './errors';
import { eventStream } from './eventStream';
import { createNodeFetch } from './nodeFetch';
import type { FetchFunction, NodeFetch } from './nodeFetch';
import type { OpenedStream } from './eventStream';
import type { SdkErrorClasses } from './errors';

/** Sent to an OpenAI-compatible server with no key set: servers without auth ignore it, others answer 401. */
export const NO_KEY_PLACEHOLDER = 'no-key';

/**
 * The SDKs' `apiKey` option as a function, so the key is fetched from the host on every
 * request (a changed key applies at once) and a missing key fails before anything is sent.
 */
export function apiKeyFunction(config: ProviderConfig, keys: ApiKeySource, required: boolean): () => Promise<string> {
  return async () => {
    const key = await keys.getApiKey(config.id);
    if (key) return key;
    if (!required) return NO_KEY_PLACEHOLDER;
    throw new LlmError({
      kind: 'auth',
      missingKey: true,
      providerId: config.id,
      message: `${config.label ?? config.id}: no API key is set (run "Switchboard: Set API Key")`,
    });
  };
}

/** Client options both SDKs take under the same names; `fetch` is the provider's transport. */
export function commonClientOptions(config: ProviderConfig, deps: ProviderDeps, keyRequired: boolean, fetch: FetchFunction) {
  return {
    apiKey: apiKeyFunction(config, deps.keys, keyRequired),
    // The SDKs otherwise write to the global console (e.g. unparsable stream events); fixed at
    // `warn` so an OPENAI_LOG / ANTHROPIC_LOG=debug in the environment cannot turn on request dumps.
    logger: deps.logger ?? silentLogger,
    logLevel: 'warn' as const,
    fetch,
    ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}),
    ...(config.timeoutMs !== undefined ? { timeout: config.timeoutMs } : {}),
  };
}

/** Per-request options both SDKs take: the caller's signal and the headers a request carries (e.g. a gateway client's `anthropic-beta`). */
export function requestOptions(request: ChatRequest, signal: AbortSignal | undefined): { signal?: AbortSignal; headers?: Record<string, string> } {
  return request.headers ? { signal, headers: request.headers } : { signal };
}

export abstract class SdkProvider implements LlmProvider {
  /** The keep-alive node:http transport, unless the host gave its own `fetch`. */
  private readonly transport: NodeFetch | undefined;
  /** What the SDK client is built with (nodeFetch.ts says why not Node's global fetch). */
  protected readonly fetch: FetchFunction;

  protected constructor(
    readonly config: ProviderConfig,
    protected readonly deps: ProviderDeps,
    private readonly sdkErrors: SdkErrorClasses,
  ) {
    this.transport = deps.fetch ? undefined : createNodeFetch();
    this.fetch = deps.fetch ?? this.transport!.fetch;
  }

  /** Closes the pooled upstream connections. */
  dispose(): void {
    this.transport?.close();
  }

  protected abstract doChat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
  /** Starts the SDK's stream and says how to translate its chunks; eventStream.ts iterates it. */
  protected abstract openStream(request: ChatRequest, signal?: AbortSignal): Promise<OpenedStream>;
  protected abstract doListModels(signal?: AbortSignal): Promise<ModelInfo[]>;

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    try {
      return await this.doChat(this.withModel(request), signal);
    } catch (err) {
      throw this.normalize(err, signal);
    }
  }

  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    return eventStream({
      open: () => this.openStream(this.withModel(request), signal),
      normalize: (err) => this.normalize(err, signal),
      signal,
    });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      return await this.doListModels(signal);
    } catch (err) {
      throw this.normalize(err, signal);
    }
  }

  /** A request without a model gets the provider's `defaultModel`. */
  private withModel(request: ChatRequest): ChatRequest {
    if (request.model) return request;
    if (this.config.defaultModel) return { ...request, model: this.config.defaultModel };
    throw new LlmError({
      kind: 'bad-request',
      providerId: this.config.id,
      message: `${this.config.id}: the request names no model and the provider has no defaultModel (run "Switchboard: Select Model")`,
    });
  }

  /** For a stream that ended cleanly but before its final event: never a short answer. */
  protected truncated(): LlmError {
    return cutStreamError(this.config.id);
  }

  private normalize(err: unknown, signal: AbortSignal | undefined): LlmError {
    const error = normalizeError(err, this.config.id, this.sdkErrors, signal);
    this.deps.logger?.debug(`${this.config.id}: ${error.kind} (${error.status ?? '-'})`);
    return error;
  }
}
