// Records every upstream LLM call (success, failure or cancellation) to the usage ledger.
// It wraps the real provider *inside* the response cache, so a cache hit never reaches it:
// the cache reports hits itself, with cacheHit = true.
import { newId } from '../ids';
import { contextFields } from '../llm/callContext';
import type { LlmProvider, ProviderConfig } from '../llm/provider';
import type { ChatRequest, ChatResponse, ModelInfo, StreamEvent, Usage } from '../llm/types';
import { emptyUsage } from '../llm/types';
import type { Logger } from '../log';
import type { CallRecord, CallStatus, UsageSink } from './records';
import { safeRecord } from './safeRecord';

export class RecordingProvider implements LlmProvider {
  constructor(
    private readonly inner: LlmProvider,
    private readonly sink: UsageSink,
    private readonly now: () => number = Date.now,
    private readonly log?: Logger,
  ) {}

  get config(): ProviderConfig {
    return this.inner.config;
  }

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const startedAt = this.now();
    try {
      const response = await this.inner.chat(request, signal);
      this.record(request, startedAt, 'ok', response.usage, response.responseModel);
      return response;
    } catch (err) {
      this.recordFailure(request, startedAt, err, signal);
      throw err;
    }
  }

  /**
   * A plain iterator over the inner stream rather than an async generator: it is on every event's
   * path, and a generator costs a few promises per event. The call starts at the first `next`.
   */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    return {
      [Symbol.asyncIterator]: (): AsyncIterator<StreamEvent> => {
        let inner: AsyncIterator<StreamEvent> | undefined;
        let startedAt = 0;
        // Usage seen so far: a stream cut off after its usage event still cost tokens.
        let usage: Usage | undefined;
        let finished = false;
        const onStep = (step: IteratorResult<StreamEvent>): IteratorResult<StreamEvent> => {
          if (step.done) {
            // Ended without `done`: the answer was cut off.
            if (!finished) this.record(request, startedAt, 'cancelled', usage ?? emptyUsage(), undefined, 'cancelled');
            finished = true;
          } else if (step.value.type === 'usage') usage = step.value.usage;
          else if (step.value.type === 'done' && !finished) {
            finished = true;
            this.record(request, startedAt, 'ok', step.value.response.usage, step.value.response.responseModel);
          }
          return step;
        };
        const onError = (err: unknown): never => {
          if (!finished) this.recordFailure(request, startedAt, err, signal, usage);
          finished = true;
          throw err;
        };
        return {
          next: () => {
            if (!inner) {
              startedAt = this.now();
              try {
                inner = this.inner.stream(request, signal)[Symbol.asyncIterator]();
              } catch (err) {
                return Promise.reject(err).catch(onError);
              }
            }
            return inner.next().then(onStep, onError);
          },
          return: () => {
            // The consumer stopped reading before `done`: the call was abandoned.
            if (inner && !finished) this.record(request, startedAt, 'cancelled', usage ?? emptyUsage(), undefined, 'cancelled');
            finished = true;
            return inner?.return ? inner.return() : Promise.resolve({ done: true, value: undefined });
          },
        };
      },
    };
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.inner.listModels(signal);
  }

  dispose(): void {
    this.inner.dispose?.();
  }

  private recordFailure(request: ChatRequest, startedAt: number, err: unknown, signal?: AbortSignal, usage?: Usage): void {
    const kind = typeof (err as { kind?: unknown })?.kind === 'string' ? (err as { kind: string }).kind : 'unknown';
    const cancelled = kind === 'cancelled' || signal?.aborted === true;
    this.record(request, startedAt, cancelled ? 'cancelled' : 'error', usage ?? emptyUsage(), undefined, cancelled ? 'cancelled' : kind);
  }

  private record(
    request: ChatRequest,
    startedAt: number,
    status: CallStatus,
    usage: Usage,
    responseModel?: string,
    errorKind?: string,
  ): void {
    const record: CallRecord = {
      id: newId(),
      provider: this.inner.config.id,
      providerKind: this.inner.config.kind,
      model: request.model,
      startedAt,
      durationMs: this.now() - startedAt,
      usage,
      cacheHit: false,
      status,
      ...contextFields(request),
    };
    if (request.metadata?.executionId) record.executionId = request.metadata.executionId;
    if (responseModel) record.responseModel = responseModel;
    if (errorKind) record.errorKind = errorKind;
    safeRecord(this.sink, 'recordCall', record, this.log);
  }
}
