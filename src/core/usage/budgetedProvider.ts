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

  async *stream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    await this.gate(request);
    yield* this.inner.stream(request, signal);
  }

  listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return this.inner.listModels(signal);
  }

  dispose(): void {
    this.inner.dispose?.();
  }

  private async gate(request: ChatRequest): Promise<void> {
    const refusal = await this.check(request);
    if (refusal) throw new BudgetExceededError(refusal);
  }
}
