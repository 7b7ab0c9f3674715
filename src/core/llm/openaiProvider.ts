// The `openai` and `openai-compatible` providers, on the official `openai` SDK (v6: v7 needs Node 22).
import OpenAI from 'openai';
import type { LlmProvider, ProviderConfig, ProviderDeps } from './provider';
import type { ChatRequest, ChatResponse, FinishReason, ModelInfo, StreamEvent } from './types';
import { SdkProvider, apiKeyFunction } from './sdkProvider';
import type { StreamEnd } from './sdkProvider';
import { finishFromOpenAi, responseFromOpenAi, toOpenAiParams } from './openaiMapping';
import type { OpenAiDialect } from './openaiMapping';
import { usageFromOpenAi } from './usage';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export class OpenAiProvider extends SdkProvider {
  private readonly client: OpenAI;

  constructor(
    config: ProviderConfig,
    deps: ProviderDeps,
    private readonly dialect: OpenAiDialect = { maxTokensField: 'max_completion_tokens' },
    keyRequired = true,
  ) {
    super(config, deps, OpenAI);
    this.client = new OpenAI({
      baseURL: config.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      apiKey: apiKeyFunction(config, deps.keys, keyRequired),
      ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}),
      ...(config.timeoutMs !== undefined ? { timeout: config.timeoutMs } : {}),
    });
  }

  protected async doChat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const { data, request_id } = await this.client.chat.completions
      .create(toOpenAiParams(request, this.dialect), { signal })
      .withResponse();
    return responseFromOpenAi(data, request_id);
  }

  protected async *doStream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent, StreamEnd> {
    const params = { ...toOpenAiParams(request, this.dialect), stream: true as const, stream_options: { include_usage: true } };
    const { data: chunks, request_id } = await this.client.chat.completions.create(params, { signal }).withResponse();
    let finishReason: FinishReason = 'other';
    let responseModel = request.model;
    for await (const chunk of chunks) {
      if (chunk.model) responseModel = chunk.model;
      // The usage chunk arrives last, with empty `choices`.
      if (chunk.usage) yield { type: 'usage', usage: usageFromOpenAi(chunk.usage) };
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) yield { type: 'text-delta', text: choice.delta.content };
      for (const t of choice.delta.tool_calls ?? []) {
        yield {
          type: 'tool-call-delta',
          index: t.index,
          ...(t.id ? { id: t.id } : {}),
          ...(t.function?.name ? { name: t.function.name } : {}),
          argumentsDelta: t.function?.arguments ?? '',
        };
      }
      if (choice.finish_reason) finishReason = finishFromOpenAi(choice.finish_reason);
    }
    return { finishReason, responseModel, ...(request_id ? { providerRequestId: request_id } : {}) };
  }

  protected async doListModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    for await (const m of this.client.models.list({ signal })) models.push({ id: m.id });
    return models.sort((a, b) => a.id.localeCompare(b.id));
  }
}

export function createOpenAiProvider(config: ProviderConfig, deps: ProviderDeps): LlmProvider {
  return new OpenAiProvider(config, deps);
}

/** Any server speaking Chat Completions (Ollama, LM Studio, vLLM, OpenRouter): base URL required, key optional. */
export function createOpenAiCompatibleProvider(config: ProviderConfig, deps: ProviderDeps): LlmProvider {
  if (!config.baseUrl) throw new Error(`Provider "${config.id}" (openai-compatible) needs a baseUrl`);
  return new OpenAiProvider(config, deps, { maxTokensField: 'max_tokens' }, false);
}
