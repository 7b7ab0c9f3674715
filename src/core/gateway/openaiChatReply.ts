// ChatResponse / StreamEvents → Chat Completions JSON and chunks.
import type { ServerResponse } from 'node:http';
import type { ChatResponse, FinishReason, StreamEvent, Usage } from '../llm/types';
import { writeSse } from './sse';
import { usageToOpenAi } from './wireUsage';

const FINISH: Record<FinishReason, string> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  error: 'stop',
  other: 'stop',
};

const created = (): number => Math.floor(Date.now() / 1000);

export function chatCompletion(r: ChatResponse, id: string): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion',
    created: created(),
    model: r.responseModel,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: r.text || (r.toolCalls.length ? null : ''),
          refusal: null,
          ...(r.toolCalls.length
            ? { tool_calls: r.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.rawArguments ?? JSON.stringify(c.arguments) } })) }
            : {}),
        },
        logprobs: null,
        finish_reason: FINISH[r.finishReason],
      },
    ],
    usage: usageToOpenAi(r.usage),
  };
}

/**
 * The JSON of a chunk up to its `choices` array. Every chunk repeats id, object, created and
 * model; they are serialised once per stream (and again only if the model changes), so a chunk
 * costs the stringify of its delta alone. The output is byte for byte `JSON.stringify` of the object.
 */
const envelope = (id: string, created: number, model: string): string =>
  `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[`;

/** Relays a stream as chunks; the usage chunk (empty `choices`) only when the client asked for it. */
export async function relayChatChunks(res: ServerResponse, events: AsyncIterable<StreamEvent>, id: string, model: string, includeUsage: boolean): Promise<void> {
  const stamp = created();
  let head = envelope(id, stamp, model);
  const chunk = (delta: string, finish: string | null = null): string =>
    `${head}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]}`;
  await writeSse(res, chunk('{"role":"assistant","content":""}'));
  let usage: Usage | undefined;
  for await (const e of events) {
    if (e.type === 'text-delta') await writeSse(res, chunk(`{"content":${JSON.stringify(e.text)}}`));
    else if (e.type === 'tool-call-delta') {
      const call: Record<string, unknown> = { index: e.index, function: { arguments: e.argumentsDelta, ...(e.name ? { name: e.name } : {}) } };
      if (e.id) Object.assign(call, { id: e.id, type: 'function' });
      await writeSse(res, chunk(JSON.stringify({ tool_calls: [call] })));
    } else if (e.type === 'usage') usage = e.usage;
    else if (e.type === 'done') {
      if (e.response.responseModel !== model) head = envelope(id, stamp, e.response.responseModel);
      await writeSse(res, chunk('{}', FINISH[e.response.finishReason]));
      usage = e.response.usage;
    }
  }
  if (includeUsage && usage) await writeSse(res, `${head}],"usage":${JSON.stringify(usageToOpenAi(usage))}}`);
  await writeSse(res, '[DONE]');
  res.end();
}
