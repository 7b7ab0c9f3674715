// The edges of one upstream call shared by concurrent identical requests (src/core/cache/flight.ts),
// driven through the ResponseCache: readers at different speeds, readers that stop or cancel,
// callers that join late, and upstream failures. A flight that would wait forever fails the test
// after a bounded number of event-loop turns instead of hanging it.
import * as assert from 'node:assert/strict';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import { LlmError } from '../../../../src/core/llm/errors';
import type { ChatResponse, StreamEvent } from '../../../../src/core/llm/types';
import { answer, ask, chunkedEvents, collect, deferred, ScriptedProvider, unmarkedEvents } from './scriptedProvider';

/** `promise`, or a failure naming `what` if it has not settled within `turns` event-loop turns. */
async function soon<T>(promise: Promise<T>, what: string, turns = 500): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  for (let i = 0; i < turns && !settled; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  if (!settled) assert.fail(`${what}: still waiting after ${turns} event-loop turns`);
  return watched;
}

/** Reads `count` events from `reader`. */
async function take(reader: AsyncIterator<StreamEvent>, count: number): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for (let i = 0; i < count; i++) {
    const step = await soon(reader.next(), `event ${i}`);
    assert.equal(step.done, false, `the stream ended after ${i} events`);
    out.push(step.value);
  }
  return out;
}

/** Reads `reader` to its end. */
function rest(reader: AsyncIterator<StreamEvent>): Promise<StreamEvent[]> {
  return soon(collect({ [Symbol.asyncIterator]: () => reader }), 'the rest of the stream');
}

describe('ResponseCache: one shared upstream call, at its edges', () => {
  const text = 'a shared answer of some length';
  const full = chunkedEvents(answer(`echo "${text}"`));
  let provider: ScriptedProvider;
  let cache: ResponseCache;
  const open = (signal?: AbortSignal) => cache.stream(provider, ask(text), signal)[Symbol.asyncIterator]();
  beforeEach(() => {
    provider = new ScriptedProvider();
    cache = new ResponseCache();
  });

  it('a second reader that stalls does not hold up the first; it catches up later from the recording', async () => {
    const first = open();
    const head = await take(first, 1);
    const second = open();
    assert.deepEqual(await take(second, 1), head);
    // The second reader now stops asking; the first must still get the whole answer.
    assert.deepEqual([...head, ...(await rest(first))], full);
    assert.equal(cache.stats().entries, 1, 'the complete answer is stored while the second reader is still behind');
    assert.deepEqual(unmarkedEvents([...head, ...(await rest(second))]), full);
    assert.equal(provider.calls, 1);
  });

  it('a first reader that stalls does not hold up a caller that joins later: it gets the events so far, then the live ones', async () => {
    const first = open();
    const head = await take(first, 3);
    const joined = await soon(collect(cache.stream(provider, ask(text))), 'the late caller');
    assert.deepEqual(unmarkedEvents(joined), full);
    assert.equal(cache.stats().entries, 1);
    assert.deepEqual([...head, ...(await rest(first))], full);
    assert.deepEqual([provider.calls, cache.stats().shared], [1, 1]);
  });

  it('a caller that has opened its stream keeps the call alive when the first caller leaves before it reads', async () => {
    const first = open();
    await take(first, 2);
    const second = open();
    await first.return?.();
    assert.deepEqual(unmarkedEvents(await rest(second)), full);
    assert.equal(provider.calls, 1);
    assert.equal(provider.signals[0]?.aborted, false);
  });

  it('when the last reader leaves mid-stream, the upstream stream is aborted and closed, and nothing is stored', async () => {
    const first = open();
    const second = open();
    await take(first, 2);
    await take(second, 2);
    await first.return?.();
    assert.equal(provider.signals[0]?.aborted, false, 'one reader is still there');
    await take(second, 1);
    await second.return?.();
    assert.equal(provider.signals[0]?.aborted, true);
    await soon(provider.closed[0]!.promise, 'closing the upstream stream');
    assert.equal(cache.stats().entries, 0);
    assert.deepEqual(await collect(cache.stream(provider, ask(text))), full, 'the next identical request goes upstream again');
    assert.equal(provider.calls, 2);
  });

  it('a reader cancelled while the upstream is stuck is released at once, and the stuck upstream call is aborted and closed', async () => {
    const stuck = deferred();
    provider.gate = stuck.promise;
    const stop = new AbortController();
    const reader = open(stop.signal);
    const pending = reader.next();
    stop.abort(new Error('user pressed stop'));
    await soon(
      assert.rejects(pending, (err) => err instanceof LlmError && err.kind === 'cancelled'),
      'the cancelled reader',
    );
    assert.equal(provider.signals[0]?.aborted, true);
    await soon(provider.closed[0]!.promise, 'closing the upstream stream');
    provider.gate = undefined;
    assert.deepEqual(await collect(cache.stream(provider, ask(text))), full);
    assert.equal(provider.calls, 2);
  });

  it('an upstream error mid-stream reaches every caller after the events before it, and nothing is stored', async () => {
    const reset = new Error('connection reset');
    provider.failAfter = { events: 3, error: reset };
    const readers = [open(), open()];
    const chatFailed = assert.rejects(cache.chat(provider, ask(text)), reset);
    for (const reader of readers) {
      const seen: StreamEvent[] = [];
      await soon(
        assert.rejects(async () => {
          for (;;) {
            const step = await reader.next();
            if (step.done) return;
            seen.push(step.value);
          }
        }, reset),
        'a reader',
      );
      assert.deepEqual(unmarkedEvents(seen), full.slice(0, 3));
    }
    await soon(chatFailed, 'the chat caller');
    assert.equal(cache.stats().entries, 0);
    provider.failAfter = undefined;
    assert.deepEqual(await collect(cache.stream(provider, ask(text))), full);
    assert.equal(provider.calls, 2);
  });

  it('a provider that throws at once fails its caller with its own error, and leaves nothing in flight', async () => {
    const refused = new Error('refused before any request');
    class Refusing extends ScriptedProvider {
      override stream(): AsyncGenerator<StreamEvent> {
        this.calls++;
        throw refused;
      }
      override chat(): Promise<ChatResponse> {
        this.calls++;
        throw refused;
      }
    }
    provider = new Refusing();
    await assert.rejects(collect(cache.stream(provider, ask(text))), refused);
    await assert.rejects(collect(cache.stream(provider, ask(text))), refused);
    await assert.rejects(cache.chat(provider, ask('chat')), refused);
    await assert.rejects(cache.chat(provider, ask('chat')), refused);
    assert.equal(provider.calls, 4, 'no later caller joined a failed call');
    assert.deepEqual([cache.stats().shared, cache.stats().entries], [0, 0]);
  });

  it('a stream that throws from next instead of rejecting fails its caller, and the next caller starts afresh', async () => {
    const broken = new Error('broken iterator');
    class Throwing extends ScriptedProvider {
      override stream(): AsyncGenerator<StreamEvent> {
        this.calls++;
        const next = (): Promise<IteratorResult<StreamEvent>> => {
          throw broken;
        };
        return { next, [Symbol.asyncIterator]() { return this; } } as AsyncGenerator<StreamEvent>;
      }
    }
    provider = new Throwing();
    await soon(assert.rejects(collect(cache.stream(provider, ask(text))), broken), 'the first caller');
    await soon(assert.rejects(collect(cache.stream(provider, ask(text))), broken), 'the second caller');
    assert.equal(provider.calls, 2);
  });
});
