// What the cache keeps per answer, and the rules for what may be kept. Entries hold JSON text,
// not live objects: a caller that mutates its answer cannot corrupt the cache, every hit gets
// its own copy, and the entry's size is known exactly.
import type { ChatResponse, FinishReason, StreamEvent } from '../llm/types';

export interface CacheEntry {
  /** The complete answer, as JSON. */
  readonly response: string;
  /** The events before `done` as JSON, when the answer was streamed; replays keep its chunking. */
  readonly events?: string;
  /** What the original call cost in USD; `null` when unpriced. Credited as saved on each hit. */
  readonly costUsd: number | null;
  /** Approximate bytes held, for `maxSize`. */
  readonly bytes: number;
}

/** Object headers, the key string and the map slot: a flat estimate on top of the JSON text. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Only complete, normal answers are stored. `length` is out: an answer cut at the token limit
 * is one the caller usually retries with a larger limit or a continuation, and serving the cut
 * text again would hide that. `content_filter`, `error` and `other` are out because they say
 * nothing reliable about what the same request would return next time.
 */
const STORABLE_FINISH_REASONS: ReadonlySet<FinishReason> = new Set<FinishReason>(['stop', 'tool_calls']);

export function isStorable(response: ChatResponse): boolean {
  return STORABLE_FINISH_REASONS.has(response.finishReason);
}

export function makeEntry(response: ChatResponse, costUsd: number | null, events?: readonly StreamEvent[]): CacheEntry {
  // `cached` describes one delivery, not the answer: a stored answer never carries it.
  const responseJson = JSON.stringify({ ...response, cached: undefined });
  const deltas = events?.filter((e) => e.type !== 'done');
  const eventsJson = deltas ? JSON.stringify(deltas) : undefined;
  // UTF-16 code units: V8 keeps ASCII text in one byte per character, so this errs high.
  const bytes = ENTRY_OVERHEAD_BYTES + 2 * (responseJson.length + (eventsJson?.length ?? 0));
  return eventsJson === undefined
    ? { response: responseJson, costUsd, bytes }
    : { response: responseJson, events: eventsJson, costUsd, bytes };
}

export function entryResponse(entry: CacheEntry): ChatResponse {
  return JSON.parse(entry.response) as ChatResponse;
}

/**
 * The stream a cached answer replays as: the recorded deltas when it was streamed, otherwise
 * deltas made from the complete answer (one text delta, one delta per tool call, usage), and
 * always exactly one `done` at the end.
 */
export function entryEvents(entry: CacheEntry): StreamEvent[] {
  const response = entryResponse(entry);
  const deltas = entry.events !== undefined ? (JSON.parse(entry.events) as StreamEvent[]) : responseDeltas(response);
  deltas.push({ type: 'done', response });
  return deltas;
}

/** The deltas a provider would have streamed for `response`, in the same shapes. */
export function responseDeltas(response: ChatResponse): StreamEvent[] {
  const events: StreamEvent[] = [];
  if (response.text) events.push({ type: 'text-delta', text: response.text });
  response.toolCalls.forEach((call, index) =>
    events.push({ type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: JSON.stringify(call.arguments) }),
  );
  events.push({ type: 'usage', usage: response.usage });
  return events;
}
