// Folds stream events into the ChatResponse they describe. Both providers' streams end with
// `done` built here, so "stream equals non-stream" holds by construction for the fields the
// events carry; the contract suite checks it against the non-streaming path.
import type { ChatResponse, ReasoningBlock, StreamEvent, ToolCall, Usage } from './types';
import { emptyUsage } from './types';

interface PendingToolCall {
  id: string;
  name: string;
  args: string;
}

/** Parses tool-call argument JSON; on invalid JSON keeps the raw text so nothing is lost. */
export function parseToolArguments(text: string): Pick<ToolCall, 'arguments' | 'rawArguments'> {
  if (!text.trim()) return { arguments: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { arguments: value as Record<string, unknown> };
  } catch {
    // fall through: the model wrote something that is not a JSON object
  }
  return { arguments: {}, rawArguments: text };
}

export class StreamAccumulator {
  private text = '';
  private readonly tools = new Map<number, PendingToolCall>();
  private readonly reasoning = new Map<number, ReasoningBlock>();
  private readonly providerBlocks: Record<string, unknown>[] = [];
  private usage: Usage = emptyUsage();

  apply(event: StreamEvent): void {
    switch (event.type) {
      case 'text-delta':
        this.text += event.text;
        break;
      case 'tool-call-delta': {
        let call = this.tools.get(event.index);
        if (!call) {
          call = { id: '', name: '', args: '' };
          this.tools.set(event.index, call);
        }
        if (event.id) call.id = event.id;
        if (event.name) call.name = event.name;
        call.args += event.argumentsDelta;
        break;
      }
      case 'reasoning-delta':
        this.applyReasoning(event);
        break;
      case 'provider-block':
        this.providerBlocks[event.index] = event.block;
        break;
      case 'usage':
        // Usage events carry totals so far: the last one wins.
        this.usage = event.usage;
        break;
      case 'done':
        break;
    }
  }

  private applyReasoning(event: Extract<StreamEvent, { type: 'reasoning-delta' }>): void {
    if (event.redacted !== undefined) {
      this.reasoning.set(event.index, { type: 'redacted_thinking', data: event.redacted });
      return;
    }
    let block = this.reasoning.get(event.index);
    if (!block) this.reasoning.set(event.index, (block = { type: 'thinking', thinking: '', signature: '' }));
    if (block.type !== 'thinking') return;
    block.thinking += event.thinking ?? '';
    block.signature += event.signature ?? '';
  }

  finish(meta: Pick<ChatResponse, 'finishReason' | 'responseModel' | 'providerRequestId' | 'anthropicStop'>): ChatResponse {
    const toolCalls = [...this.tools.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, t]) => ({ id: t.id, name: t.name, ...parseToolArguments(t.args) }));
    const response: ChatResponse = {
      text: this.text,
      toolCalls,
      finishReason: meta.finishReason,
      responseModel: meta.responseModel,
      usage: this.usage,
    };
    if (this.providerBlocks.length) response.providerBlocks = this.providerBlocks;
    if (this.reasoning.size) response.reasoning = [...this.reasoning.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
    if (meta.providerRequestId) response.providerRequestId = meta.providerRequestId;
    if (meta.anthropicStop) response.anthropicStop = meta.anthropicStop;
    return response;
  }
}
