import * as assert from 'node:assert/strict';
import { entryEvents, entryResponse, makeEntry } from '../../../../src/core/cache/cacheEntry';
import type { StreamEvent } from '../../../../src/core/llm/types';
import { answer, chunkedEvents } from './scriptedProvider';

describe('cache entries', () => {
  it('replay a streamed answer as exactly its events, and the answer as it was', () => {
    const response = answer('a streamed answer');
    const events = chunkedEvents(response);
    const entry = makeEntry({ ...response, cached: true }, 0.01, events);
    assert.deepEqual(entryEvents(entry), events);
    assert.deepEqual(entryResponse(entry), response, 'the per-delivery `cached` mark is not stored');
  });

  it('replay deltas that are not pieces of the final text, and other events between them, unchanged', () => {
    const response = { ...answer('abcdef'), toolCalls: [{ id: 'c1', name: 'f', arguments: { x: 1 } }] };
    const events: StreamEvent[] = [
      { type: 'text-delta', text: 'ab' },
      { type: 'text-delta', text: '' },
      { type: 'tool-call-delta', index: 0, id: 'c1', name: 'f', argumentsDelta: '{"x"' },
      { type: 'text-delta', text: 'XX' },
      { type: 'text-delta', text: 'cd' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ':1}' },
      { type: 'text-delta', text: 'ef' },
      { type: 'usage', usage: response.usage },
      { type: 'done', response },
    ];
    assert.deepEqual(entryEvents(makeEntry(response, null, events)), events);
  });

  it('an entry is unaffected by later changes to the events and answer it was made from', () => {
    const response = answer('kept as it was');
    const events = chunkedEvents(response);
    const entry = makeEntry(response, null, events);
    const before = entryEvents(entry);
    response.text = 'changed';
    response.usage.outputTokens = 0;
    (events[0] as { text: string }).text = 'zz';
    assert.deepEqual(entryEvents(entry), before);
  });
});
