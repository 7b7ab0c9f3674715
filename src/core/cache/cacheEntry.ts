// What the cache keeps per answer, and the rules for what may be kept. Entries hold strings, not
// live objects: a caller that mutates its answer cannot corrupt the cache, every hit gets its own
// copy, and the entry's size is known. Text is kept as the strings it arrived in (JS strings are
// immutable, so they need no copy), everything else as JSON: storing an answer is on every
// miss's path, and serialising each text delta as an object was most of its cost.
import type { ChatResponse, FinishReason, StreamEvent } from '../llm/types';

/** A recorded event before `done`: a text delta's text, or any other event as JSON. */
export type StoredEvent = string | { readonly json: string };

export interface CacheEntry {
  /** The complete answer as JSON, without its text. */
  readonly response: string;
  /** The answer's text. */
  readonly text: string;
  /** The events before `done`, when the answer was streamed; replays keep its chunking. */
  readonly events?: readonly StoredEvent[];
  /** What the original call cost in USD; `null` when unpriced. Credited as saved on each hit. */
  readonly costUsd: number | null;
  /** Approximate bytes held, for `maxSize`. */
  readonly bytes: number;
}

/** Object headers, the key string and the map slot: a flat estimate on top of the strings. */
const ENTRY_OVERHEAD_BYTES = 256;
/** Per stored event: its array slot and string or object header. */
const EVENT_OVERHEAD_BYTES = 32;

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
  const { text, cached: _cached, ...rest } = response;
  const responseJson = JSON.stringify(rest);
  // UTF-16 code units: V8 keeps ASCII text in one byte per character, so this errs high.
  let bytes = ENTRY_OVERHEAD_BYTES + 2 * (responseJson.length + text.length);
  if (!events) return { response: responseJson, text, costUsd, bytes };
  const stored: StoredEvent[] = [];
  for (const event of events) {
    if (event.type === 'done') continue;
    const item = event.type === 'text-delta' ? event.text : { json: JSON.stringify(event) };
    bytes += EVENT_OVERHEAD_BYTES + 2 * (typeof item === 'string' ? item : item.json).length;
    stored.push(item);
  }
  return { response: responseJson, text, events: stored, costUsd, bytes };
}

export function entryResponse(entry: CacheEntry): ChatResponse {
  const response = JSON.parse(entry.response) as ChatResponse;
  response.text = entry.text;
  return response;
}

/**
 * The stream a cached answer replays as: the recorded deltas when it was streamed, otherwise
 * deltas made from the complete answer (one text delta, one delta per tool call, usage), and
 * always exactly one `done` at the end.
 */
export function entryEvents(entry: CacheEntry): StreamEvent[] {
  const response = entryResponse(entry);
  const deltas = entry.events ? entry.events.map(storedEvent) : responseDeltas(response);
  deltas.push({ type: 'done', response });
  return deltas;
}

function storedEvent(item: StoredEvent): StreamEvent {
  return typeof item === 'string' ? { type: 'text-delta', text: item } : (JSON.parse(item.json) as StreamEvent);
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
