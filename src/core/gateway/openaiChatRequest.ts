// A Chat Completions request body → the provider-neutral ChatRequest. For an upstream that
// speaks Chat Completions itself, the fields the neutral form cannot carry travel verbatim.
import { parseToolArguments } from '../llm/accumulator';
import type { ChatRequest, ContentPart, Message, ToolCall, ToolChoice, ToolDefinition } from '../llm/types';
import type { Obj } from './wireRead';
import { arr, fail, imageFromDataUrl, isObj, obj, optNum, str, textOf, without } from './wireRead';

export interface OpenAiChatCall {
  request: ChatRequest;
  stream: boolean;
  includeUsage: boolean;
}

function content(v: unknown, field: string): string | ContentPart[] {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return arr(v, field).map((p, i): ContentPart => {
    const part = obj(p, `${field}[${i}]`);
    if (part['type'] === 'text') return { type: 'text', text: String(part['text'] ?? '') };
    if (part['type'] === 'image_url') return imageFromDataUrl(obj(part['image_url'], `${field}[${i}].image_url`)['url'], `${field}[${i}].image_url.url`);
    return fail(`${field}[${i}]: content parts of type "${String(part['type'])}" are not supported.`);
  });
}

function toolCalls(v: unknown, field: string): ToolCall[] {
  return arr(v, field).map((c, i) => {
    const call = obj(c, `${field}[${i}]`);
    const fn = obj(call['function'], `${field}[${i}].function`);
    return { id: String(call['id'] ?? ''), name: String(fn['name'] ?? ''), ...parseToolArguments(String(fn['arguments'] ?? '')) };
  });
}

function messages(body: Obj): { system?: string; messages: Message[] } {
  const system: string[] = [];
  const out: Message[] = [];
  arr(body['messages'], 'messages').forEach((m, i) => {
    const msg = obj(m, `messages[${i}]`);
    const field = `messages[${i}].content`;
    switch (msg['role']) {
      case 'system':
      case 'developer':
        system.push(textOf(content(msg['content'], field)));
        return;
      case 'user':
        out.push({ role: 'user', content: content(msg['content'], field) });
        return;
      case 'assistant': {
        const text = textOf(content(msg['content'], field));
        const calls = msg['tool_calls'] === undefined || msg['tool_calls'] === null ? [] : toolCalls(msg['tool_calls'], `messages[${i}].tool_calls`);
        out.push(calls.length ? { role: 'assistant', content: text, toolCalls: calls } : { role: 'assistant', content: text });
        return;
      }
      case 'tool':
        out.push({ role: 'tool', toolCallId: str(msg, 'tool_call_id'), content: content(msg['content'], field) });
        return;
      default:
        fail(`messages[${i}].role "${String(msg['role'])}" is not one of system, developer, user, assistant, tool.`);
    }
  });
  return system.length ? { system: system.join('\n\n'), messages: out } : { messages: out };
}

function tools(v: unknown): ToolDefinition[] {
  return arr(v, 'tools').map((t, i) => {
    const fn = obj(obj(t, `tools[${i}]`)['function'], `tools[${i}].function`);
    const def: ToolDefinition = { name: str(fn, 'name'), inputSchema: isObj(fn['parameters']) ? fn['parameters'] : { type: 'object', properties: {} } };
    if (typeof fn['description'] === 'string') def.description = fn['description'];
    return def;
  });
}

function toolChoice(v: unknown): ToolChoice {
  if (v === 'auto' || v === 'none' || v === 'required') return v;
  const name = isObj(v) && isObj(v['function']) ? v['function']['name'] : undefined;
  if (typeof name !== 'string') fail('"tool_choice" must be auto, none, required or {type: "function", function: {name}}.');
  return { name };
}

/** Fields whose name differs by dialect: the provider's mapping writes them, so they are never copied. */
const NEVER_VERBATIM = ['model', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens'];

export function readOpenAiChat(body: Obj, sameFormatUpstream: boolean): OpenAiChatCall {
  const request: ChatRequest = { model: str(body, 'model'), ...messages(body) };
  if (body['tools'] !== undefined) request.tools = tools(body['tools']);
  if (body['tool_choice'] !== undefined) request.toolChoice = toolChoice(body['tool_choice']);
  const temperature = optNum(body, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optNum(body, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const max = optNum(body, 'max_completion_tokens') ?? optNum(body, 'max_tokens');
  if (max !== undefined) request.maxOutputTokens = max;
  const seed = optNum(body, 'seed');
  if (seed !== undefined) request.seed = seed;
  const stop = body['stop'];
  if (typeof stop === 'string') request.stop = [stop];
  else if (Array.isArray(stop)) request.stop = stop.map(String);
  const effort = body['reasoning_effort'];
  if (effort === 'minimal' || effort === 'low' || effort === 'medium' || effort === 'high') request.reasoning = { effort };
  const format = isObj(body['response_format']) ? body['response_format'] : undefined;
  if (format?.['type'] === 'json_schema' && isObj(format['json_schema'])) {
    const js = format['json_schema'];
    request.responseFormat = { type: 'json_schema', name: String(js['name'] ?? 'response'), schema: isObj(js['schema']) ? js['schema'] : {} };
    if (typeof js['strict'] === 'boolean') request.responseFormat.strict = js['strict'];
  }
  if (sameFormatUpstream) request.extra = without(body, NEVER_VERBATIM);
  const options = isObj(body['stream_options']) ? body['stream_options'] : {};
  return { request, stream: body['stream'] === true, includeUsage: options['include_usage'] === true };
}
