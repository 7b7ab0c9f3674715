// The neutral stream as VS Code response parts: text as it arrives, each tool call once complete
// (VS Code's LanguageModelToolCallPart carries parsed input, so argument fragments are not
// forwarded; the `done` event has every call parsed by the accumulator).
import type { StreamEvent } from '../llm/types';

export type ChatOutPart =
  | { kind: 'text'; text: string }
  | { kind: 'tool-call'; callId: string; name: string; input: Record<string, unknown> };

export function outParts(event: StreamEvent): ChatOutPart[] {
  if (event.type === 'text-delta') return event.text ? [{ kind: 'text', text: event.text }] : [];
  if (event.type !== 'done') return [];
  return event.response.toolCalls.map((c) => ({ kind: 'tool-call', callId: c.id, name: c.name, input: c.arguments }));
}
