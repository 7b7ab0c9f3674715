// Refuses a request before it is sent when a budget blocks it. It sits inside the response cache
// (a cached answer costs nothing, so it still comes back) and outside the call recorder (a refused
// request reached no provider, so it is no call).
import type { LlmProvider, ProviderConfig } from '../llm/provider';
import type { ChatRequest, ChatResponse, ModelInfo, StreamEvent } from '../llm/types';
import { BudgetExceededError, type BudgetRefusal } from './budget';

/**
 * Asked before every upstream request: the refusal, or undefined to let it go. It gets the request
 * so a check can read its CallContext (the workspace whose budget applies).
 */
export type BudgetCheck = (request: ChatRequest) => Promise<BudgetRefusal | undefined>;

export class BudgetedProvider implements LlmProvider {
  constructor(
    private readonly inner: LlmProvider,
    private readonly check: BudgetCheck,
  ) {}

  get config(): ProviderConfig {
    return this.inner.config;
  }

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    await this.gate(request);
    return this.inner.chat(request, signal);
  }

  /**
   * Checks the budget at the first `next`, then hands out the inner stream's own results: a
   * generator delegating with `yield*` would cost a few promises per event on the chat path.
   */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
    return {
      [Symbol.asyncIterator]: () => {
        let inner: AsyncIterator<StreamEvent> | undefined;
        let opening: Promise<AsyncIterator<StreamEvent>> | undefined;
        const open = () => this.gate(request).then(() => (inner = this.inner.stream(request, signal)[Symbol.asyncIterator]()));
        return {
          next: () => (inner ? inner.next() : (opening ??= open()).then((it) => it.next())),
          return: () => (inner?.return ? inner.return() : Promise.resolve({ done: true, value: undefined })),
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

  private gate(request: ChatRequest): Promise<void> {
    try {
      return this.check(request).then(refuse);
    } catch (error) {
      // A check that throws outright refuses the same way as one that rejects: through the promise.
      return Promise.reject(error as Error);
    }
  }
}

function refuse(refusal: BudgetRefusal | undefined): void {
  if (refusal) throw new BudgetExceededError(refusal);
}
