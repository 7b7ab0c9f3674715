// ChatRequest -> Chat Completions body, and Chat Completions response -> ChatResponse.
import type OpenAI from 'openai';
import type { ChatRequest, ChatResponse, ContentPart, FinishReason, Message, ToolChoice } from './types';
import { parseToolArguments } from './accumulator';
import { usageFromOpenAi } from './usage';

type Params = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type MessageParam = OpenAI.Chat.ChatCompletionMessageParam;

export interface OpenAiDialect {
  /**
   * `max_completion_tokens` is OpenAI's current name; many OpenAI-compatible servers
   * (Ollama, vLLM, LM Studio) still read only `max_tokens`.
   */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
}

const textOf = (content: string | ContentPart[]): string =>
  typeof content === 'string' ? content : content.map((p) => (p.type === 'text' ? p.text : '')).join('');

function userContent(content: string | ContentPart[]): string | OpenAI.Chat.ChatCompletionContentPart[] {
  if (typeof content === 'string') return content;
  return content.map((p) =>
    p.type === 'text'
      ? { type: 'text', text: p.text }
      : { type: 'image_url', image_url: { url: `data:${p.mediaType};base64,${p.data}` } },
  );
}

function toMessage(m: Message): MessageParam[] {
  switch (m.role) {
    case 'user':
      return [{ role: 'user', content: userContent(m.content) }];
    case 'assistant': {
      const calls = m.toolCalls ?? [];
      const text = textOf(m.content);
      return [
        {
          role: 'assistant',
          content: text || (calls.length ? null : ''),
          ...(calls.length
            ? {
                tool_calls: calls.map((c) => ({
                  id: c.id,
                  type: 'function' as const,
                  function: { name: c.name, arguments: c.rawArguments ?? JSON.stringify(c.arguments) },
                })),
              }
            : {}),
        },
      ];
    }
    case 'tool': {
      // Tool messages take text only; images in a tool result follow as a user message.
      const images = typeof m.content === 'string' ? [] : m.content.filter((p) => p.type === 'image');
      const out: MessageParam[] = [{ role: 'tool', tool_call_id: m.toolCallId, content: textOf(m.content) }];
      if (images.length) out.push({ role: 'user', content: userContent(images) });
      return out;
    }
  }
}

function toolChoice(choice: ToolChoice): OpenAI.Chat.ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

export function toOpenAiParams(req: ChatRequest, dialect: OpenAiDialect): Params {
  const messages: MessageParam[] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const m of req.messages) messages.push(...toMessage(m));
  const params: Params = { model: req.model, messages };
  if (req.tools?.length) {
    params.tools = req.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, parameters: t.inputSchema, ...(t.description ? { description: t.description } : {}) },
    }));
  }
  if (req.toolChoice) params.tool_choice = toolChoice(req.toolChoice);
  if (req.temperature !== undefined) params.temperature = req.temperature;
  if (req.topP !== undefined) params.top_p = req.topP;
  if (req.maxOutputTokens !== undefined) params[dialect.maxTokensField] = req.maxOutputTokens;
  if (req.stop?.length) params.stop = req.stop;
  if (req.seed !== undefined) params.seed = req.seed;
  if (req.reasoning?.effort) params.reasoning_effort = req.reasoning.effort;
  if (req.responseFormat) {
    const f = req.responseFormat;
    params.response_format = {
      type: 'json_schema',
      json_schema: { name: f.name, schema: f.schema, ...(f.strict !== undefined ? { strict: f.strict } : {}) },
    };
  }
  // `metadata` stays inside Switchboard: it never reaches the wire.
  return req.extra ? ({ ...params, ...req.extra } as Params) : params;
}

export function finishFromOpenAi(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}

export function responseFromOpenAi(c: OpenAI.Chat.ChatCompletion, requestId: string | null | undefined): ChatResponse {
  const choice = c.choices[0];
  const message = choice?.message;
  const toolCalls = (message?.tool_calls ?? []).flatMap((t) =>
    t.type === 'function' ? [{ id: t.id, name: t.function.name, ...parseToolArguments(t.function.arguments) }] : [],
  );
  const response: ChatResponse = {
    text: message?.content ?? '',
    toolCalls,
    finishReason: finishFromOpenAi(choice?.finish_reason),
    responseModel: c.model,
    usage: usageFromOpenAi(c.usage),
  };
  if (requestId) response.providerRequestId = requestId;
  return response;
}
