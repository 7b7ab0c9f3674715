// A Messages API request body → the provider-neutral ChatRequest. For an Anthropic upstream the
// body's own fields also travel verbatim (`extra`), with the client's `anthropic-beta` header, so
// `cache_control`, thinking blocks, beta fields and anything newer than the neutral form reach it
// unchanged.
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest, ContentPart, Message, ReasoningBlock, ToolCall, ToolChoice, ToolDefinition } from '../llm/types';
import type { Obj } from './wireRead';
import { arr, fail, isObj, obj, optNum, str, without } from './wireRead';

export interface AnthropicCall {
  request: ChatRequest;
  stream: boolean;
}

function parts(v: unknown, field: string): ContentPart[] {
  if (typeof v === 'string') return [{ type: 'text', text: v }];
  return arr(v, field).flatMap((b, i): ContentPart[] => {
    const block = obj(b, `${field}[${i}]`);
    if (block['type'] === 'text') return [{ type: 'text', text: String(block['text'] ?? '') }];
    if (block['type'] === 'image') {
      const source = obj(block['source'], `${field}[${i}].source`);
      if (source['type'] !== 'base64') fail(`${field}[${i}]: only base64 images are supported.`);
      return [{ type: 'image', mediaType: String(source['media_type']), data: String(source['data']) }];
    }
    return [];
  });
}

const flat = (p: ContentPart[]): string | ContentPart[] => (p.every((x) => x.type === 'text') ? p.map((x) => (x.type === 'text' ? x.text : '')).join('') : p);

/** A user turn's tool_result blocks become tool messages (in order), the rest one user message. */
function userTurn(content: unknown, field: string): Message[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const out: Message[] = [];
  const rest: unknown[] = [];
  arr(content, field).forEach((b, i) => {
    const block = obj(b, `${field}[${i}]`);
    if (block['type'] !== 'tool_result') return void rest.push(block);
    const result: Message = { role: 'tool', toolCallId: str(block, 'tool_use_id'), content: flat(parts(block['content'] ?? '', `${field}[${i}].content`)) };
    if (block['is_error'] === true) result.isError = true;
    out.push(result);
  });
  if (rest.length) out.push({ role: 'user', content: parts(rest, field) });
  return out;
}

function assistantTurn(content: unknown, field: string): Message {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const calls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  arr(content, field).forEach((b, i) => {
    const block = obj(b, `${field}[${i}]`);
    if (block['type'] === 'text') text += String(block['text'] ?? '');
    if (block['type'] === 'tool_use') calls.push({ id: str(block, 'id'), name: str(block, 'name'), arguments: isObj(block['input']) ? block['input'] : {} });
    if (block['type'] === 'thinking') reasoning.push({ type: 'thinking', thinking: String(block['thinking'] ?? ''), signature: String(block['signature'] ?? '') });
    if (block['type'] === 'redacted_thinking') reasoning.push({ type: 'redacted_thinking', data: String(block['data'] ?? '') });
  });
  const turn: Message = calls.length ? { role: 'assistant', content: text, toolCalls: calls } : { role: 'assistant', content: text };
  if (reasoning.length) turn.reasoning = reasoning;
  return turn;
}

function system(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return parts(v, 'system').map((p) => (p.type === 'text' ? p.text : '')).join('\n\n');
}

function tools(v: unknown): ToolDefinition[] {
  return arr(v, 'tools').flatMap((t, i): ToolDefinition[] => {
    const tool = obj(t, `tools[${i}]`);
    // Server tools (web search, …) carry a `type` and no schema; only a same-format upstream runs them.
    if (!isObj(tool['input_schema'])) return [];
    const def: ToolDefinition = { name: str(tool, 'name'), inputSchema: tool['input_schema'] };
    if (typeof tool['description'] === 'string') def.description = tool['description'];
    return [def];
  });
}

function toolChoice(v: unknown): ToolChoice | undefined {
  const c = obj(v, 'tool_choice');
  if (c['type'] === 'auto') return 'auto';
  if (c['type'] === 'none') return 'none';
  if (c['type'] === 'any') return 'required';
  if (c['type'] === 'tool') return { name: str(c, 'name') };
  return fail('"tool_choice.type" must be auto, any, tool or none.');
}

/** Messages and the system prompt, as the neutral form holds them (count_tokens reads only these). */
export function anthropicConversation(body: Obj): { system?: string; messages: Message[] } {
  const messages = arr(body['messages'], 'messages').flatMap((m, i) => {
    const msg = obj(m, `messages[${i}]`);
    if (msg['role'] === 'user') return userTurn(msg['content'], `messages[${i}].content`);
    if (msg['role'] === 'assistant') return [assistantTurn(msg['content'], `messages[${i}].content`)];
    return fail(`messages[${i}].role must be user or assistant.`);
  });
  const sys = system(body['system']);
  return sys === undefined ? { messages } : { system: sys, messages };
}

/**
 * The one client header an Anthropic upstream is given: the betas the body may rely on (Claude
 * Code's requests use fields that exist only under the betas it names). Never any other header.
 */
function betaHeader(headers: IncomingHttpHeaders): Record<string, string> | undefined {
  const beta = headers['anthropic-beta'];
  const value = Array.isArray(beta) ? beta.join(',') : beta;
  return value ? { 'anthropic-beta': value } : undefined;
}

export function readAnthropicMessages(body: Obj, headers: IncomingHttpHeaders, sameFormatUpstream: boolean): AnthropicCall {
  const request: ChatRequest = { model: str(body, 'model'), ...anthropicConversation(body) };
  const max = optNum(body, 'max_tokens');
  if (max === undefined) fail('"max_tokens" is required.');
  request.maxOutputTokens = max;
  if (body['tools'] !== undefined) request.tools = tools(body['tools']);
  if (body['tool_choice'] !== undefined) {
    const choice = toolChoice(body['tool_choice']);
    if (choice) request.toolChoice = choice;
  }
  const temperature = optNum(body, 'temperature');
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optNum(body, 'top_p');
  if (topP !== undefined) request.topP = topP;
  if (Array.isArray(body['stop_sequences'])) request.stop = body['stop_sequences'].map(String);
  const thinking = isObj(body['thinking']) ? body['thinking'] : undefined;
  if (thinking?.['type'] === 'enabled' && typeof thinking['budget_tokens'] === 'number') request.reasoning = { budgetTokens: thinking['budget_tokens'] };
  if (sameFormatUpstream) {
    request.extra = without(body, ['model', 'stream']);
    const beta = betaHeader(headers);
    if (beta) request.headers = beta;
  }
  return { request, stream: body['stream'] === true };
}
