// An in-process LlmProvider for the cache's logic tests: it answers from a script, counts its
// calls and can hold an answer until the test releases it, so concurrency is set up by events,
// not sleeps. The loopback tests (cacheLoopback.test.ts) run the same cache over a real provider.
import type { LlmProvider, ProviderConfig } from '../../../../src/core/llm/provider';
import type { ChatRequest, ChatResponse, FinishReason, ModelInfo, StreamEvent } from '../../../../src/core/llm/types';
import { emptyUsage } from '../../../../src/core/llm/types';

export function answer(text: string, finishReason: FinishReason = 'stop'): ChatResponse {
  return {
    text,
    toolCalls: [],
    finishReason,
    responseModel: 'scripted-1',
    usage: { ...emptyUsage(), inputTokens: 10, outputTokens: text.length },
  };
}

/** The events a provider streams for `response`, text in two-character chunks. */
export function chunkedEvents(response: ChatResponse): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (let i = 0; i < response.text.length; i += 2) events.push({ type: 'text-delta', text: response.text.slice(i, i + 2) });
  events.push({ type: 'usage', usage: response.usage });
  events.push({ type: 'done', response });
  return events;
}

export interface Deferred {
  promise: Promise<void>;
  release(): void;
}

export function deferred(): Deferred {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

export class ScriptedProvider implements LlmProvider {
  readonly config: ProviderConfig = { id: 'scripted', kind: 'scripted', baseUrl: 'memory://scripted' };
  calls = 0;
  /** What the next calls answer; a function sees the request. */
  reply: (request: ChatRequest) => ChatResponse | Error = (r) => answer(`echo ${JSON.stringify(r.messages.at(-1)?.content)}`);
  /** When set, calls wait for it before answering (streams: before the first event). */
  gate?: Promise<void>;
  /** Signals of upstream calls, so tests can see whether the cache aborted them. */
  readonly signals: (AbortSignal | undefined)[] = [];
  /** Streams end after this many events (no `done`), like a dropped connection. */
  cutAfter?: number;
  /** Streams throw this after `failAfter` events, like a connection reset mid-answer. */
  failAfter?: { events: number; error: Error };
  /** One per stream call, released when that stream's body has finished (ended, thrown or closed). */
  readonly closed: Deferred[] = [];

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const reply = await this.begin(request, signal);
    if (reply instanceof Error) throw reply;
    return reply;
  }

  async *stream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const closed = deferred();
    this.closed.push(closed);
    try {
      const reply = await this.begin(request, signal);
      if (reply instanceof Error) throw reply;
      const events = chunkedEvents(reply);
      for (const [i, event] of events.entries()) {
        if (this.cutAfter !== undefined && i >= this.cutAfter) return;
        if (this.failAfter && i >= this.failAfter.events) throw this.failAfter.error;
        signal?.throwIfAborted();
        yield event;
        // Lets other callers interleave between chunks, as network reads would.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      closed.release();
    }
  }

  async listModels(): Promise<ModelInfo[]> {
    return [{ id: 'scripted-1' }];
  }

  private async begin(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse | Error> {
    this.calls++;
    this.signals.push(signal);
    if (this.gate) {
      const gate = this.gate;
      await new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        void gate.then(resolve);
      });
    }
    return this.reply(request);
  }
}

export function ask(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'scripted-1', messages: [{ role: 'user', content: text }], ...extra };
}

export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** An answer without the cache's per-delivery `cached` mark, to compare answers as such. */
export function unmarked(response: ChatResponse): ChatResponse {
  const { cached: _cached, ...answer } = response;
  return answer;
}

/** Events with the `done` answer unmarked. */
export function unmarkedEvents(events: StreamEvent[]): StreamEvent[] {
  return events.map((e) => (e.type === 'done' ? { type: 'done', response: unmarked(e.response) } : e));
}

/** The answer of a stream's final `done` event. */
export function doneOf(events: StreamEvent[]): ChatResponse {
  const last = events.at(-1);
  if (last?.type !== 'done') throw new Error(`the stream did not end with done: ${JSON.stringify(last)}`);
  return last.response;
}
