// What the cache keeps per answer, and the rules for what may be kept. Entries hold strings and
// numbers, not live objects: a caller that mutates its answer cannot corrupt the cache, every hit
// gets its own copy, and the entry's size is known. Storing an answer is on every miss's path, and
// a stored answer lives long enough to be copied by the garbage collector, so a streamed answer's
// text deltas are kept as lengths into its text (one small array, not one object per delta);
// everything else is JSON.
import type { ChatResponse, FinishReason, StreamEvent } from '../llm/types';
import { reasoningEvent } from '../llm/types';

/** A recorded event before `done`: a text delta as the length of the answer's text it covers next, or any other event as JSON. */
export type StoredEvent = number | { readonly json: string };

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
/** Per stored event: its array slot (an object and its header too for a JSON event). */
const SLOT_BYTES = 8;
const JSON_EVENT_BYTES = 48;

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
  let offset = 0;
  for (const event of events) {
    if (event.type === 'done') continue;
    // A delta is a length when it is the next piece of the final text, as providers stream it.
    if (event.type === 'text-delta' && text.startsWith(event.text, offset)) {
      offset += event.text.length;
      stored.push(event.text.length);
      bytes += SLOT_BYTES;
    } else {
      const json = JSON.stringify(event);
      stored.push({ json });
      bytes += SLOT_BYTES + JSON_EVENT_BYTES + 2 * json.length;
    }
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
 * deltas made from the complete answer (one per thinking block and per block of the
 * provider's own, one text delta, one delta per tool call, usage), and
 * always exactly one `done` at the end.
 */
export function entryEvents(entry: CacheEntry): StreamEvent[] {
  const response = entryResponse(entry);
  const deltas = entry.events ? storedEvents(entry.events, entry.text) : responseDeltas(response);
  deltas.push({ type: 'done', response });
  return deltas;
}

function storedEvents(stored: readonly StoredEvent[], text: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  let offset = 0;
  for (const item of stored) {
    if (typeof item === 'number') events.push({ type: 'text-delta', text: text.slice(offset, (offset += item)) });
    else events.push(JSON.parse(item.json) as StreamEvent);
  }
  return events;
}

/** The deltas a provider would have streamed for `response`, in the same shapes. */
export function responseDeltas(response: ChatResponse): StreamEvent[] {
  const events: StreamEvent[] = (response.reasoning ?? []).map((r, index) => reasoningEvent(index, r));
  response.providerBlocks?.forEach((block, index) => events.push({ type: 'provider-block', index, block }));
  if (response.text) events.push({ type: 'text-delta', text: response.text });
  response.toolCalls.forEach((call, index) =>
    events.push({ type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: JSON.stringify(call.arguments) }),
  );
  events.push({ type: 'usage', usage: response.usage });
  return events;
}
