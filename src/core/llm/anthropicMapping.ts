// ChatRequest -> Messages API body, and Messages API response -> ChatResponse.
import type Anthropic from '@anthropic-ai/sdk';
import type { ChatRequest, ChatResponse, ContentPart, FinishReason, Message, ReasoningBlock, ToolChoice } from './types';
import { usageFromAnthropic } from './usage';

type Params = Anthropic.MessageCreateParamsNonStreaming;
type MessageParam = Anthropic.MessageParam;
type BlockParam = Anthropic.ContentBlockParam;

/** The Messages API requires `max_tokens`; used when the request sets no limit. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function blocks(content: string | ContentPart[]): Array<Anthropic.TextBlockParam | Anthropic.ImageBlockParam> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((p) =>
    p.type === 'text'
      ? { type: 'text', text: p.text }
      : { type: 'image', source: { type: 'base64', media_type: p.mediaType as Anthropic.Base64ImageSource['media_type'], data: p.data } },
  );
}

function toBlocks(m: Message): BlockParam[] {
  switch (m.role) {
    case 'user':
      return blocks(m.content);
    case 'assistant': {
      const text = typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join('');
      // Thinking first, unchanged: the API checks each block's signature.
      const out: BlockParam[] = [...(m.reasoning ?? [])];
      if (text) out.push({ type: 'text', text });
      for (const c of m.toolCalls ?? []) out.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      return out;
    }
    case 'tool':
      return [
        {
          type: 'tool_result',
          tool_use_id: m.toolCallId,
          content: typeof m.content === 'string' ? m.content : blocks(m.content),
          ...(m.isError ? { is_error: true } : {}),
        },
      ];
  }
}

/** Tool results travel as user turns; consecutive turns of one role are merged so roles alternate. */
function toMessages(messages: Message[]): MessageParam[] {
  const out: Array<{ role: 'user' | 'assistant'; content: BlockParam[] }> = [];
  for (const m of messages) {
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...toBlocks(m));
    else out.push({ role, content: toBlocks(m) });
  }
  return out;
}

function toolChoice(choice: ToolChoice): Anthropic.ToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

export function toAnthropicParams(req: ChatRequest): Params {
  const params: Params = {
    model: req.model,
    max_tokens: req.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: toMessages(req.messages),
  };
  if (req.system) params.system = req.system;
  if (req.tools?.length) {
    params.tools = req.tools.map((t) => ({
      name: t.name,
      input_schema: t.inputSchema as Anthropic.Tool.InputSchema,
      ...(t.description ? { description: t.description } : {}),
    }));
  }
  if (req.toolChoice) params.tool_choice = toolChoice(req.toolChoice);
  if (req.stop?.length) params.stop_sequences = req.stop;
  if (req.reasoning?.budgetTokens) params.thinking = { type: 'enabled', budget_tokens: req.reasoning.budgetTokens };
  const outputConfig: Anthropic.OutputConfig = {};
  // Anthropic has no "minimal" effort: the nearest is "low".
  if (req.reasoning?.effort) outputConfig.effort = req.reasoning.effort === 'minimal' ? 'low' : req.reasoning.effort;
  if (req.responseFormat) outputConfig.format = { type: 'json_schema', schema: req.responseFormat.schema };
  if (Object.keys(outputConfig).length) params.output_config = outputConfig;
  // Sampling fields the SDK's types no longer list; sent only when the caller sets them.
  // `seed` has no Messages API equivalent and is dropped; `metadata` never reaches the wire.
  const sampling: Record<string, number> = {};
  if (req.temperature !== undefined) sampling['temperature'] = req.temperature;
  if (req.topP !== undefined) sampling['top_p'] = req.topP;
  return { ...params, ...sampling, ...req.extra } as Params;
}

export function finishFromAnthropic(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}

export function responseFromAnthropic(m: Anthropic.Message, requestId: string | null | undefined): ChatResponse {
  let text = '';
  const toolCalls: ChatResponse['toolCalls'] = [];
  const reasoning: ReasoningBlock[] = [];
  const providerBlocks: Record<string, unknown>[] = [];
  for (const block of m.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: block.input as Record<string, unknown> });
    else if (block.type === 'thinking') reasoning.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (block.type === 'redacted_thinking') reasoning.push({ type: 'redacted_thinking', data: block.data });
    else providerBlocks.push({ ...block });
  }
  const response: ChatResponse = {
    text,
    toolCalls,
    finishReason: finishFromAnthropic(m.stop_reason),
    responseModel: m.model,
    usage: usageFromAnthropic(m.usage),
  };
  if (reasoning.length) response.reasoning = reasoning;
  if (providerBlocks.length) response.providerBlocks = providerBlocks;
  if (m.stop_reason) response.anthropicStop = { reason: m.stop_reason, sequence: m.stop_sequence ?? null };
  if (requestId) response.providerRequestId = requestId;
  return response;
}
