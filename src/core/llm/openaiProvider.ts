// The `openai` and `openai-compatible` providers, on the official `openai` SDK (v6: v7 needs Node 22).
import OpenAI from 'openai';
import type { LlmProvider, ProviderConfig, ProviderDeps } from './provider';
import type { ChatRequest, ChatResponse, FinishReason, ModelInfo } from './types';
import { SdkProvider, commonClientOptions, requestOptions } from './sdkProvider';
import type { OpenedStream } from './eventStream';
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
      // Not from OPENAI_ORG_ID / OPENAI_PROJECT_ID: the host's environment must not decide what
      // is sent, least of all to an OpenAI-compatible server run by someone else.
      organization: null,
      project: null,
      ...commonClientOptions(config, deps, keyRequired, this.fetch),
    });
  }

  protected async doChat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const { data, request_id } = await this.client.chat.completions
      .create(toOpenAiParams(request, this.dialect), requestOptions(request, signal))
      .withResponse();
    return responseFromOpenAi(data, request_id);
  }

  protected async openStream(request: ChatRequest, signal?: AbortSignal): Promise<OpenedStream> {
    const params = { ...toOpenAiParams(request, this.dialect), stream: true as const, stream_options: { include_usage: true } };
    const { data, request_id } = await this.client.chat.completions.create(params, requestOptions(request, signal)).withResponse();
    let finishReason: FinishReason | undefined;
    let responseModel = request.model;
    return {
      chunks: data,
      translate(raw, out) {
        const chunk = raw as OpenAI.Chat.ChatCompletionChunk;
        if (chunk.model) responseModel = chunk.model;
        // The usage chunk arrives last, with empty `choices`.
        if (chunk.usage) out.push({ type: 'usage', usage: usageFromOpenAi(chunk.usage) });
        const choice = chunk.choices[0];
        if (!choice) return;
        if (choice.delta.content) out.push({ type: 'text-delta', text: choice.delta.content });
        choice.delta.tool_calls?.forEach((t, i) => {
          out.push({
            type: 'tool-call-delta',
            // Some compatible servers leave out `index`; one call per array slot then.
            index: t.index ?? i,
            ...(t.id ? { id: t.id } : {}),
            ...(t.function?.name ? { name: t.function.name } : {}),
            argumentsDelta: t.function?.arguments ?? '',
          });
        });
        if (choice.finish_reason) finishReason = finishFromOpenAi(choice.finish_reason);
      },
      end: () => {
        // The SDK ends a stream cut short without [DONE] quietly; no finish_reason means cut short.
        if (!finishReason) throw this.truncated();
        return { finishReason, responseModel, ...(request_id ? { providerRequestId: request_id } : {}) };
      },
    };
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
