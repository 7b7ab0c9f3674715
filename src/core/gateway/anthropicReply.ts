// ChatResponse / StreamEvents → Messages API JSON and its event stream.
import type { ServerResponse } from 'node:http';
import type { ChatResponse, FinishReason, StreamEvent, Usage } from '../llm/types';
import { emptyUsage } from '../llm/types';
import { writeSse } from './sse';
import { usageToAnthropic } from './wireUsage';

const STOP: Record<FinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

/** An Anthropic upstream's own stop reason (`pause_turn`, `stop_sequence` and which) as it sent it; any other's, mapped. */
function stopOf(r: ChatResponse): { stop_reason: string; stop_sequence: string | null } {
  return r.anthropicStop ? { stop_reason: r.anthropicStop.reason, stop_sequence: r.anthropicStop.sequence } : { stop_reason: STOP[r.finishReason], stop_sequence: null };
}

export function anthropicMessage(r: ChatResponse, id: string): Record<string, unknown> {
  // Thinking first, as the model sent it: the client sends it back unchanged in the next turn.
  // Server tool calls and results come before the text, which is what the model wrote after them.
  const content: unknown[] = [...(r.reasoning ?? []), ...(r.providerBlocks ?? [])];
  if (r.text) content.push({ type: 'text', text: r.text });
  for (const c of r.toolCalls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
  return { id, type: 'message', role: 'assistant', model: r.responseModel, content, ...stopOf(r), usage: usageToAnthropic(r.usage) };
}

/**
 * Relays a stream as Messages API events. Text, each thinking block, each tool call and each
 * block of the provider's own (server tool calls and results) are content blocks, opened when
 * their first delta arrives and closed when the next block opens or the message ends.
 */
export async function relayAnthropicEvents(res: ServerResponse, events: AsyncIterable<StreamEvent>, id: string, model: string): Promise<void> {
  const send = (type: string, data: Record<string, unknown>) => writeSse(res, { type, ...data }, type);
  let started = false;
  let usage: Usage = emptyUsage();
  let block = -1;
  /** The open block: `text`, a tool call's index, `thinking <index>` or `provider <index>`. */
  let open: string | number | undefined;
  const start = async () => {
    if (started) return;
    started = true;
    const u = { ...usageToAnthropic(usage), output_tokens: usage.outputTokens };
    await send('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: u } });
  };
  const openBlock = async (kind: string | number, contentBlock: Record<string, unknown>) => {
    if (open !== undefined) await send('content_block_stop', { index: block });
    block++;
    open = kind;
    await send('content_block_start', { index: block, content_block: contentBlock });
  };
  for await (const e of events) {
    if (e.type === 'usage') {
      usage = e.usage;
      continue;
    }
    await start();
    if (e.type === 'text-delta') {
      if (open !== 'text') await openBlock('text', { type: 'text', text: '' });
      await send('content_block_delta', { index: block, delta: { type: 'text_delta', text: e.text } });
    } else if (e.type === 'reasoning-delta') {
      const kind = `thinking ${e.index}`;
      if (open !== kind) await openBlock(kind, e.redacted !== undefined ? { type: 'redacted_thinking', data: e.redacted } : { type: 'thinking', thinking: '', signature: '' });
      if (e.thinking) await send('content_block_delta', { index: block, delta: { type: 'thinking_delta', thinking: e.thinking } });
      if (e.signature) await send('content_block_delta', { index: block, delta: { type: 'signature_delta', signature: e.signature } });
    } else if (e.type === 'provider-block') {
      // Arrives whole: its start carries everything, and the next block or the end closes it.
      await openBlock(`provider ${e.index}`, e.block);
    } else if (e.type === 'tool-call-delta') {
      if (open !== e.index) await openBlock(e.index, { type: 'tool_use', id: e.id ?? '', name: e.name ?? '', input: {} });
      if (e.argumentsDelta) await send('content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: e.argumentsDelta } });
    } else if (e.type === 'done') {
      if (open !== undefined) await send('content_block_stop', { index: block });
      await send('message_delta', { delta: stopOf(e.response), usage: usageToAnthropic(e.response.usage) });
      await send('message_stop', {});
    }
  }
  res.end();
}
