// What the SDK-backed providers share: error normalization around every call, the stream
// accumulator that builds the final `done` event, and per-request key lookup.
import type { ApiKeySource, LlmProvider, ProviderConfig, ProviderDeps } from './provider';
import type { ChatRequest, ChatResponse, FinishReason, ModelInfo, StreamEvent } from './types';
import { StreamAccumulator } from './accumulator';
import { LlmError, normalizeError } from './errors';
import type { SdkErrorClasses } from './errors';

/** What a provider's raw stream returns once its events are exhausted. */
export interface StreamEnd {
  finishReason: FinishReason;
  responseModel: string;
  providerRequestId?: string;
}

/** Sent when an OpenAI-compatible server needs no key; such servers ignore the header. */
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

export abstract class SdkProvider implements LlmProvider {
  protected constructor(
    readonly config: ProviderConfig,
    protected readonly deps: ProviderDeps,
    private readonly sdkErrors: SdkErrorClasses,
  ) {}

  protected abstract doChat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
  /** Yields text, tool-call and usage events (never `done`) and returns the response metadata. */
  protected abstract doStream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, StreamEnd>;
  protected abstract doListModels(signal?: AbortSignal): Promise<ModelInfo[]>;

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    try {
      return await this.doChat(request, signal);
    } catch (err) {
      throw this.normalize(err, signal);
    }
  }

  async *stream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const acc = new StreamAccumulator();
    const events = this.doStream(request, signal);
    try {
      for (;;) {
        const step = await events.next();
        if (step.done) {
          // The SDKs end an aborted stream quietly; a cancelled call must not look complete.
          signal?.throwIfAborted();
          yield { type: 'done', response: acc.finish(step.value) };
          return;
        }
        acc.apply(step.value);
        yield step.value;
      }
    } catch (err) {
      throw this.normalize(err, signal);
    } finally {
      // A consumer that stops early lands here: returning the SDK's iterator aborts its HTTP stream.
      await events.return(undefined as never);
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    try {
      return await this.doListModels(signal);
    } catch (err) {
      throw this.normalize(err, signal);
    }
  }

  private normalize(err: unknown, signal: AbortSignal | undefined): LlmError {
    const error = normalizeError(err, this.config.id, this.sdkErrors, signal);
    this.deps.logger?.debug(`${this.config.id}: ${error.kind} (${error.status ?? '-'})`);
    return error;
  }
}
