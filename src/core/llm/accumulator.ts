// Folds stream events into the ChatResponse they describe. Both providers' streams end with
// `done` built here, so "stream equals non-stream" holds by construction for the fields the
// events carry; the contract suite checks it against the non-streaming path.
import type { ChatResponse, FinishReason, StreamEvent, ToolCall, Usage } from './types';
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
      case 'usage':
        // Usage events carry totals so far: the last one wins.
        this.usage = event.usage;
        break;
      case 'done':
        break;
    }
  }

  finish(meta: { finishReason: FinishReason; responseModel: string; providerRequestId?: string }): ChatResponse {
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
    if (meta.providerRequestId) response.providerRequestId = meta.providerRequestId;
    return response;
  }
}
