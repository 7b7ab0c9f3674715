// The `anthropic` provider, on the official `@anthropic-ai/sdk`.
import Anthropic from '@anthropic-ai/sdk';
import type { LlmProvider, ProviderConfig, ProviderDeps } from './provider';
import type { ChatRequest, ChatResponse, FinishReason, ModelInfo, StreamEvent } from './types';
import { reasoningEvent } from './types';
import { parseToolArguments } from './accumulator';
import { silentLogger } from '../log';
import { SdkProvider, commonClientOptions, requestOptions } from './sdkProvider';
import { withSdkWarningsLogged } from './sdkConsole';
import type { OpenedStream } from './eventStream';
import { finishFromAnthropic, responseFromAnthropic, toAnthropicParams } from './anthropicMapping';
import { overwriteAnthropicUsage, usageFromAnthropic } from './usage';
import type { AnthropicUsageFields } from './usage';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export class AnthropicProvider extends SdkProvider {
  private readonly client: Anthropic;

  constructor(config: ProviderConfig, deps: ProviderDeps) {
    super(config, deps, Anthropic);
    this.client = new Anthropic({
      baseURL: config.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL,
      ...commonClientOptions(config, deps, true, this.fetch),
      // The SDK's spans go to the OpenTelemetry tracer global to the whole extension host,
      // i.e. into every other extension's traces; and no trace headers to the API either.
      openTelemetry: { traces: false, propagation: false },
    });
  }

  /** Starts an SDK call with its console warnings (a deprecated model) sent to our log instead. */
  private logged<T>(start: () => T): T {
    return withSdkWarningsLogged(this.deps.logger ?? silentLogger, this.config.label ?? this.config.id, start);
  }

  protected async doChat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const { data, request_id } = await this.logged(() => this.client.messages.create(toAnthropicParams(request), requestOptions(request, signal))).withResponse();
    return responseFromAnthropic(data, request_id);
  }

  protected async openStream(request: ChatRequest, signal?: AbortSignal): Promise<OpenedStream> {
    const params = { ...toAnthropicParams(request), stream: true as const };
    const { data, request_id } = await this.logged(() => this.client.messages.create(params, requestOptions(request, signal))).withResponse();
    let finishReason: FinishReason = 'other';
    let anthropicStop: ChatResponse['anthropicStop'];
    let stopped = false;
    let responseModel = request.model;
    let usage: AnthropicUsageFields = {};
    // Content blocks are indexed across text, thinking and tool_use; tool calls and thinking blocks get their own order.
    const toolIndex = new Map<number, number>();
    const thinkingIndex = new Map<number, number>();
    const other = new ProviderBlocks();
    return {
      chunks: data,
      translate(raw, out) {
        const event = raw as Anthropic.RawMessageStreamEvent;
        switch (event.type) {
          case 'message_start':
            responseModel = event.message.model;
            usage = event.message.usage;
            out.push({ type: 'usage', usage: usageFromAnthropic(usage) });
            break;
          case 'content_block_start': {
            const block = event.content_block;
            if (block.type === 'text' && block.text) out.push({ type: 'text-delta', text: block.text });
            if (block.type === 'tool_use') {
              toolIndex.set(event.index, toolIndex.size);
              out.push({ type: 'tool-call-delta', index: toolIndex.size - 1, id: block.id, name: block.name, argumentsDelta: '' });
            }
            if (block.type === 'thinking' || block.type === 'redacted_thinking') {
              thinkingIndex.set(event.index, thinkingIndex.size);
              out.push(reasoningEvent(thinkingIndex.size - 1, block));
            }
            if (!NEUTRAL_BLOCKS.has(block.type)) other.start(event.index, block);
            break;
          }
          case 'content_block_delta': {
            const delta = event.delta;
            if (delta.type === 'text_delta') out.push({ type: 'text-delta', text: delta.text });
            const index = toolIndex.get(event.index);
            if (delta.type === 'input_json_delta' && index !== undefined) {
              out.push({ type: 'tool-call-delta', index, argumentsDelta: delta.partial_json });
            }
            const thinking = thinkingIndex.get(event.index);
            if (delta.type === 'thinking_delta' && thinking !== undefined) out.push({ type: 'reasoning-delta', index: thinking, thinking: delta.thinking });
            if (delta.type === 'signature_delta' && thinking !== undefined) out.push({ type: 'reasoning-delta', index: thinking, signature: delta.signature });
            if (delta.type === 'input_json_delta') other.json(event.index, delta.partial_json);
            break;
          }
          case 'content_block_stop':
            other.stop(event.index, out);
            break;
          case 'message_delta':
            if (event.delta.stop_reason) {
              finishReason = finishFromAnthropic(event.delta.stop_reason);
              anthropicStop = { reason: event.delta.stop_reason, sequence: event.delta.stop_sequence ?? null };
            }
            usage = overwriteAnthropicUsage(usage, event.usage);
            out.push({ type: 'usage', usage: usageFromAnthropic(usage) });
            break;
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      },
      end: () => {
        // The SDK ends a stream cut short before message_stop quietly.
        if (!stopped) throw this.truncated();
        return { finishReason, responseModel, ...(request_id ? { providerRequestId: request_id } : {}), ...(anthropicStop ? { anthropicStop } : {}) };
      },
    };
  }

  protected async doListModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    for await (const m of this.client.models.list({}, { signal })) models.push({ id: m.id, label: m.display_name });
    return models.sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** Content blocks the neutral form has its own types for; every other block travels whole (`provider-block`). */
const NEUTRAL_BLOCKS: ReadonlySet<string> = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);

/**
 * Blocks of types the neutral form lacks (server tool calls and results: web search, web fetch,
 * code execution, MCP connector…), collected from their start and input deltas and handed on
 * whole when they stop, so a Messages client of the gateway gets them as the API sent them.
 */
class ProviderBlocks {
  private readonly open = new Map<number, { block: Record<string, unknown>; json: string }>();
  private count = 0;

  start(at: number, block: object): void {
    this.open.set(at, { block: { ...block }, json: '' });
  }

  json(at: number, fragment: string): void {
    const pending = this.open.get(at);
    if (pending) pending.json += fragment;
  }

  stop(at: number, out: StreamEvent[]): void {
    const pending = this.open.get(at);
    if (!pending) return;
    this.open.delete(at);
    if (pending.json) pending.block['input'] = parseToolArguments(pending.json).arguments;
    out.push({ type: 'provider-block', index: this.count++, block: pending.block });
  }
}

export function createAnthropicProvider(config: ProviderConfig, deps: ProviderDeps): LlmProvider {
  return new AnthropicProvider(config, deps);
}
