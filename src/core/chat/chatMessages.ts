// VS Code's chat messages and parts mapped to the provider-neutral request, and the stream mapped
// back to response parts. The shapes are VS Code's (LanguageModelTextPart, ToolCallPart,
// ToolResultPart, DataPart, PromptTsxPart) described structurally, so this stays free of the
// `vscode` module and testable in Node; src/vscode/chat builds the real part classes.
import type { ContentPart, Message, TextPart, ToolCall } from '../llm/types';

/** LanguageModelChatMessageRole: User = 1, Assistant = 2; 3 is the proposed System role. */
export const ROLE_USER = 1;
export const ROLE_ASSISTANT = 2;
export const ROLE_SYSTEM = 3;

export interface ChatMessageLike {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
  readonly name?: string | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
const isToolResult = (p: Obj) => typeof p.callId === 'string' && Array.isArray(p.content);
const isToolCall = (p: Obj) => typeof p.callId === 'string' && typeof p.name === 'string' && isObj(p.input);
const isData = (p: Obj) => typeof p.mimeType === 'string' && p.data instanceof Uint8Array;
const isText = (p: Obj) => typeof p.value === 'string';

const decoder = new TextDecoder();

/**
 * A data part as neutral content: images as images; text and JSON as text; anything else
 * (VS Code's own markers such as `cache_control`) carries nothing for the model and is dropped.
 */
function dataContent(p: Obj): ContentPart | undefined {
  const mime = (p.mimeType as string).toLowerCase();
  const bytes = p.data as Uint8Array;
  if (mime.startsWith('image/')) return { type: 'image', mediaType: mime, data: Buffer.from(bytes).toString('base64') };
  if (mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json')) return { type: 'text', text: decoder.decode(bytes) };
  return undefined;
}

/** Content of a user message or tool result; a PromptTsxPart's value is sent as its JSON. */
function contentOf(parts: ReadonlyArray<unknown>): ContentPart[] {
  const out: ContentPart[] = [];
  for (const p of parts) {
    if (!isObj(p)) continue;
    if (isData(p)) {
      const c = dataContent(p);
      if (c) out.push(c);
    } else if (isText(p)) out.push({ type: 'text', text: p.value as string });
    else if ('value' in p && !isToolCall(p) && !isToolResult(p)) out.push({ type: 'text', text: JSON.stringify(p.value) });
  }
  return out;
}

/** Plain string when the content is text only (the common case, and the smaller cache key). */
function simplify(content: ContentPart[]): string | ContentPart[] {
  return content.every((c) => c.type === 'text') ? content.map((c) => (c as TextPart).text).join('') : content;
}

export interface MappedMessages {
  system?: string;
  messages: Message[];
}

/**
 * Maps VS Code's messages in order. A user message's tool results become `tool` messages placed
 * before its other content (they answer the previous assistant turn's calls, which providers
 * require to come first); a tool result is named after the call it answers.
 */
export function toNeutralMessages(input: readonly ChatMessageLike[]): MappedMessages {
  const messages: Message[] = [];
  const system: string[] = [];
  const toolNames = new Map<string, string>();
  for (const m of input) {
    const parts = m.content.filter(isObj);
    if (m.role === ROLE_ASSISTANT) {
      const text = parts.filter((p) => isText(p) && !isToolCall(p)).map((p) => p.value as string).join('');
      const toolCalls: ToolCall[] = parts.filter(isToolCall).map((p) => ({ id: p.callId as string, name: p.name as string, arguments: p.input as Record<string, unknown> }));
      for (const c of toolCalls) toolNames.set(c.id, c.name);
      messages.push(toolCalls.length ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text });
    } else if (m.role === ROLE_SYSTEM) {
      system.push(contentOf(parts).map((c) => (c.type === 'text' ? c.text : '')).join(''));
    } else {
      for (const r of parts.filter(isToolResult)) {
        const name = toolNames.get(r.callId as string);
        const tool: Message = { role: 'tool', toolCallId: r.callId as string, content: simplify(contentOf(r.content as unknown[])) };
        if (name) tool.name = name;
        messages.push(tool);
      }
      const rest = contentOf(parts.filter((p) => !isToolResult(p)));
      if (rest.length) messages.push({ role: 'user', content: simplify(rest) });
    }
  }
  return system.length ? { system: system.join('\n\n'), messages } : { messages };
}

/** The text of a message for token counting (images are not text; tool parts count as their JSON). */
export function messageText(m: ChatMessageLike): string {
  let text = '';
  for (const p of m.content) {
    if (!isObj(p)) continue;
    if (isToolResult(p)) text += messageText({ role: ROLE_USER, content: p.content as unknown[] });
    else if (isToolCall(p)) text += `${p.name as string}${JSON.stringify(p.input)}`;
    else if (isData(p)) {
      const c = dataContent(p);
      if (c?.type === 'text') text += c.text;
    } else if (isText(p)) text += p.value as string;
  }
  return text;
}
