// ChatResponse / StreamEvents → Responses API objects and its event stream, in the shapes of the
// `openai` package's types (Response, ResponseStreamEvent) so its stream helper can rebuild them.
import type { ServerResponse } from 'node:http';
import type { ChatResponse, FinishReason, StreamEvent, ToolCall } from '../llm/types';
import { writeSse } from './sse';
import { gatewayErrorFor } from './wireErrors';
import type { Obj } from './wireRead';
import { usageToResponses } from './wireUsage';

type Status = 'in_progress' | 'completed' | 'incomplete' | 'failed';

const INCOMPLETE: Partial<Record<FinishReason, string>> = { length: 'max_output_tokens', content_filter: 'content_filter' };

/** Request fields a Response echoes back (with the API's defaults when the client left them out). */
function echoed(body: Obj): Obj {
  const pick = (k: string, fallback: unknown) => (body[k] === undefined ? fallback : body[k]);
  return {
    instructions: pick('instructions', null),
    max_output_tokens: pick('max_output_tokens', null),
    metadata: pick('metadata', {}),
    parallel_tool_calls: pick('parallel_tool_calls', true),
    previous_response_id: null,
    reasoning: pick('reasoning', null),
    store: pick('store', true),
    temperature: pick('temperature', null),
    text: pick('text', { format: { type: 'text' } }),
    tool_choice: pick('tool_choice', 'auto'),
    tools: pick('tools', []),
    top_p: pick('top_p', null),
    truncation: pick('truncation', 'disabled'),
  };
}

/** One response's identity and echoed fields; `object()` is its Response at any point of its life. */
export class ResponseShell {
  readonly createdAt = Math.floor(Date.now() / 1000);
  private readonly echo: Obj;
  private next = 0;

  constructor(
    readonly id: string,
    public model: string,
    body: Obj,
  ) {
    this.echo = echoed(body);
  }

  /** A fresh output item id (`msg_…`, `fc_…`), unique within this response. */
  itemId(prefix: 'msg' | 'fc'): string {
    return `${prefix}_${this.id.slice(5)}${(this.next++).toString(16).padStart(4, '0')}`;
  }

  object(status: Status, output: Obj[] = [], end?: ChatResponse, error?: Obj): Obj {
    const reason = end && INCOMPLETE[end.finishReason];
    return {
      id: this.id,
      object: 'response',
      created_at: this.createdAt,
      status,
      ...(status === 'completed' ? { completed_at: Math.floor(Date.now() / 1000) } : {}),
      background: false,
      error: error ?? null,
      incomplete_details: reason ? { reason } : null,
      model: this.model,
      output,
      ...this.echo,
      usage: end ? usageToResponses(end.usage) : null,
    };
  }

  /** The terminal status of a finished answer: `incomplete` when it hit the token limit or a filter. */
  static statusOf(r: ChatResponse): 'completed' | 'incomplete' {
    return INCOMPLETE[r.finishReason] ? 'incomplete' : 'completed';
  }
}

/** A message item; no text = the just-opened item, before its content part is added. */
const messageItem = (id: string, text: string | undefined, status: Status): Obj => ({
  id,
  type: 'message',
  role: 'assistant',
  status,
  content: text === undefined ? [] : [outputText(text)],
});

const outputText = (text: string): Obj => ({ type: 'output_text', text, annotations: [], logprobs: [] });

const callItem = (id: string, call: Pick<ToolCall, 'id' | 'name'>, args: string, status: Status): Obj => ({
  id,
  type: 'function_call',
  status,
  call_id: call.id,
  name: call.name,
  arguments: args,
});

const argumentsText = (c: ToolCall): string => c.rawArguments ?? JSON.stringify(c.arguments);

/** The whole Response for a JSON (non-streamed) answer. */
export function responseObject(r: ChatResponse, shell: ResponseShell): Obj {
  shell.model = r.responseModel;
  const output: Obj[] = [];
  if (r.text) output.push(messageItem(shell.itemId('msg'), r.text, 'completed'));
  for (const c of r.toolCalls) output.push(callItem(shell.itemId('fc'), c, argumentsText(c), 'completed'));
  return shell.object(ResponseShell.statusOf(r), output, r);
}

/** The open output item while its deltas arrive: the message's text, or one call's arguments. */
interface OpenItem {
  index: number;
  id: string;
  /** `text` for the message, the stream's tool-call index otherwise. */
  kind: 'text' | number;
  name: string;
  callId: string;
  buffer: string;
}

/**
 * Relays a stream as Responses events with sequence numbers: created, in_progress, then per
 * output item added → deltas → done (text inside a content part), then completed (or
 * incomplete) with usage. A failure mid-stream is `response.failed` carrying the error, which
 * both the SDK and Codex CLI read.
 */
export async function relayResponseEvents(res: ServerResponse, events: AsyncIterable<StreamEvent>, shell: ResponseShell, signal: AbortSignal): Promise<void> {
  let seq = 0;
  const send = (type: string, data: Obj) => writeSse(res, { type, sequence_number: seq++, ...data }, type);
  const output: Obj[] = [];
  let open: OpenItem | undefined;

  const close = async () => {
    if (!open) return;
    const { index, id, buffer } = open;
    if (open.kind === 'text') {
      const at = { item_id: id, output_index: index, content_index: 0 };
      await send('response.output_text.done', { ...at, text: buffer, logprobs: [] });
      await send('response.content_part.done', { ...at, part: outputText(buffer) });
      output[index] = messageItem(id, buffer, 'completed');
    } else {
      await send('response.function_call_arguments.done', { item_id: id, output_index: index, name: open.name, arguments: buffer });
      output[index] = callItem(id, { id: open.callId, name: open.name }, buffer, 'completed');
    }
    await send('response.output_item.done', { output_index: index, item: output[index]! });
    open = undefined;
  };

  const openItem = async (kind: 'text' | number, name = '', callId = '') => {
    await close();
    const item: OpenItem = { index: output.length, id: shell.itemId(kind === 'text' ? 'msg' : 'fc'), kind, name, callId, buffer: '' };
    open = item;
    const added = kind === 'text' ? messageItem(item.id, undefined, 'in_progress') : callItem(item.id, { id: callId, name }, '', 'in_progress');
    output.push(added);
    await send('response.output_item.added', { output_index: item.index, item: added });
    if (kind === 'text') await send('response.content_part.added', { item_id: item.id, output_index: item.index, content_index: 0, part: outputText('') });
    return item;
  };

  await send('response.created', { response: shell.object('in_progress') });
  await send('response.in_progress', { response: shell.object('in_progress') });
  try {
    for await (const e of events) {
      if (e.type === 'text-delta') {
        const item = open?.kind === 'text' ? open : await openItem('text');
        item.buffer += e.text;
        await send('response.output_text.delta', { item_id: item.id, output_index: item.index, content_index: 0, delta: e.text, logprobs: [] });
      } else if (e.type === 'tool-call-delta') {
        const item = open?.kind === e.index ? open : await openItem(e.index, e.name ?? '', e.id ?? '');
        item.buffer += e.argumentsDelta;
        if (e.argumentsDelta) await send('response.function_call_arguments.delta', { item_id: item.id, output_index: item.index, delta: e.argumentsDelta });
      } else if (e.type === 'done') {
        await close();
        shell.model = e.response.responseModel;
        const status = ResponseShell.statusOf(e.response);
        await send(`response.${status}`, { response: shell.object(status, output, e.response) });
      }
    }
  } catch (err) {
    if (signal.aborted && res.destroyed) return;
    const e = gatewayErrorFor(err);
    const code = e.code ?? (e.status === 429 ? 'rate_limit_exceeded' : 'server_error');
    await send('response.failed', { response: shell.object('failed', output, undefined, { code, message: e.message }) });
  }
  res.end();
}
