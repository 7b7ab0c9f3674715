// A Responses API request body → the provider-neutral ChatRequest. `input` is a string or a list
// of items (messages, function calls and their outputs); the gateway stores no responses, so the
// whole conversation must travel in `input` (`store: false` clients such as Codex CLI do this).
import { parseToolArguments } from '../llm/accumulator';
import type { ChatRequest, ContentPart, Message, ToolChoice, ToolDefinition } from '../llm/types';
import type { GatewayError } from './wireErrors';
import { GatewayRefusal } from './wireErrors';
import type { Obj } from './wireRead';
import { arr, fail, imageFromDataUrl, isObj, obj, optNum, str, textOf } from './wireRead';

export interface ResponsesCall {
  request: ChatRequest;
  stream: boolean;
}

function parts(v: unknown, field: string): string | ContentPart[] {
  if (typeof v === 'string') return v;
  const out = arr(v, field).map((p, i): ContentPart => {
    const part = obj(p, `${field}[${i}]`);
    switch (part['type']) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: String(part['text'] ?? '') };
      case 'refusal':
        return { type: 'text', text: String(part['refusal'] ?? '') };
      case 'input_image':
        return imageFromDataUrl(part['image_url'], `${field}[${i}].image_url`);
      default:
        return fail(`${field}[${i}]: content parts of type "${String(part['type'])}" are not supported (input_text, output_text, input_image are).`);
    }
  });
  return out.every((p) => p.type === 'text') ? textOf(out) : out;
}

/**
 * The input items in order. Function calls join the assistant message before them (parallel
 * calls are one assistant turn); reasoning items are skipped: their encrypted content is only
 * readable by the vendor that wrote it, and the neutral form has no place for it.
 */
function conversation(input: unknown, system: string[]): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const out: Message[] = [];
  arr(input, 'input').forEach((it, i) => {
    const item = obj(it, `input[${i}]`);
    const field = `input[${i}]`;
    const type = item['type'] ?? 'message';
    if (type === 'reasoning') return;
    if (type === 'function_call') {
      const call = { id: str(item, 'call_id'), name: str(item, 'name'), ...parseToolArguments(String(item['arguments'] ?? '')) };
      const last = out[out.length - 1];
      if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
      else out.push({ role: 'assistant', content: '', toolCalls: [call] });
      return;
    }
    if (type === 'function_call_output') {
      out.push({ role: 'tool', toolCallId: str(item, 'call_id'), content: parts(item['output'] ?? '', `${field}.output`) });
      return;
    }
    if (type !== 'message') fail(`${field}: items of type "${String(type)}" are not supported (message, function_call, function_call_output, reasoning are).`);
    const content = parts(item['content'] ?? '', `${field}.content`);
    switch (item['role']) {
      case 'system':
      case 'developer':
        system.push(textOf(content));
        return;
      case 'user':
        out.push({ role: 'user', content });
        return;
      case 'assistant':
        out.push({ role: 'assistant', content: textOf(content) });
        return;
      default:
        fail(`${field}.role "${String(item['role'])}" is not one of system, developer, user, assistant.`);
    }
  });
  return out;
}

/** Function tools (flat Responses shape). Hosted and custom tools are left out: the neutral form (and so every upstream) has only functions. */
function tools(v: unknown): ToolDefinition[] {
  return arr(v, 'tools').flatMap((t, i): ToolDefinition[] => {
    const tool = obj(t, `tools[${i}]`);
    if (tool['type'] !== 'function') return [];
    const def: ToolDefinition = { name: str(tool, 'name'), inputSchema: isObj(tool['parameters']) ? tool['parameters'] : { type: 'object', properties: {} } };
    if (typeof tool['description'] === 'string') def.description = tool['description'];
    return [def];
  });
}

function toolChoice(v: unknown): ToolChoice {
  if (v === 'auto' || v === 'none' || v === 'required') return v;
  if (isObj(v) && v['type'] === 'function' && typeof v['name'] === 'string') return { name: v['name'] };
  return fail('"tool_choice" must be auto, none, required or {type: "function", name}.');
}

const EFFORTS = new Set(['minimal', 'low', 'medium', 'high']);

/** The 400 OpenAI answers for a response id it does not hold; this gateway holds none. */
function previousResponseNotFound(id: unknown): GatewayError {
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
    message: `Previous response with id '${String(id)}' not found. This gateway stores no responses: send the whole conversation in "input" (store: false) instead of previous_response_id.`,
  };
}

/** Fields a Chat Completions upstream takes under the same name (only sent to one; `parallel_tool_calls` only with tools). */
function chatExtras(body: Obj, hasTools: boolean): Record<string, unknown> | undefined {
  const extra: Record<string, unknown> = {};
  if (hasTools && typeof body['parallel_tool_calls'] === 'boolean') extra['parallel_tool_calls'] = body['parallel_tool_calls'];
  if (typeof body['prompt_cache_key'] === 'string') extra['prompt_cache_key'] = body['prompt_cache_key'];
  return Object.keys(extra).length ? extra : undefined;
}

export function readResponses(body: Obj, chatUpstream: boolean): ResponsesCall {
  const previous = body['previous_response_id'];
  if (previous !== undefined && previous !== null) throw new GatewayRefusal(previousResponseNotFound(previous));
  if (body['conversation'] !== undefined && body['conversation'] !== null) fail('"conversation" is not supported: this gateway stores no conversations; send the whole conversation in "input".');
  const system: string[] = [];
  if (body['instructions'] !== undefined && body['instructions'] !== null) {
    if (typeof body['instructions'] !== 'string') fail('"instructions" must be a string.');
    system.push(body['instructions']);
  }
  if (body['input'] === undefined) fail('"input" is required: a string or a list of items.');
  const request: ChatRequest = { model: str(body, 'model'), messages: conversation(body['input'], system) };
  if (system.length) request.system = system.join('\n\n');
  if (body['tools'] !== undefined && body['tools'] !== null) {
    const defs = tools(body['tools']);
    if (defs.length) request.tools = defs;
  }
  if (body['tool_choice'] !== undefined && body['tool_choice'] !== null && request.tools) request.toolChoice = toolChoice(body['tool_choice']);
  const temperature = optNum(body, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optNum(body, 'top_p');
  if (topP !== undefined) request.topP = topP;
  const max = optNum(body, 'max_output_tokens');
  if (max !== undefined) request.maxOutputTokens = max;
  const effort = isObj(body['reasoning']) ? body['reasoning']['effort'] : undefined;
  if (typeof effort === 'string' && EFFORTS.has(effort)) request.reasoning = { effort: effort as 'minimal' | 'low' | 'medium' | 'high' };
  const format = isObj(body['text']) && isObj(body['text']['format']) ? body['text']['format'] : undefined;
  if (format?.['type'] === 'json_schema') {
    request.responseFormat = { type: 'json_schema', name: String(format['name'] ?? 'response'), schema: isObj(format['schema']) ? format['schema'] : {} };
    if (typeof format['strict'] === 'boolean') request.responseFormat.strict = format['strict'];
  }
  const extra = chatUpstream ? chatExtras(body, request.tools !== undefined) : undefined;
  if (extra) request.extra = extra;
  return { request, stream: body['stream'] === true };
}
