import * as assert from 'node:assert/strict';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import { LlmError } from '../../../../src/core/llm/errors';
import type { CallRecord, CostCalculator, UsageSink } from '../../../../src/core/usage/records';
import { answer, ask, chunkedEvents, collect, deferred, doneOf, ScriptedProvider, unmarkedEvents } from './scriptedProvider';

class RecordingSink implements UsageSink {
  readonly calls: CallRecord[] = [];
  recordCall(record: CallRecord): void {
    this.calls.push(record);
  }
  recordToolCall(): void {}
  recordExecution(): void {}
}

const centPerCall: CostCalculator = { cost: (_kind, model) => (model === 'unpriced' ? null : 0.01) };

describe('ResponseCache (logic, scripted provider)', () => {
  let provider: ScriptedProvider;
  let cache: ResponseCache;
  beforeEach(() => {
    provider = new ScriptedProvider();
    cache = new ResponseCache();
  });

  it('answers a repeated request from memory with its own copy', async () => {
    const first = await cache.chat(provider, ask('hi'));
    const second = await cache.chat(provider, ask('hi'));
    assert.equal(provider.calls, 1);
    assert.deepEqual(second, { ...first, cached: true });
    second.text = 'mutated by a caller';
    assert.equal((await cache.chat(provider, ask('hi'))).text, first.text);
    assert.deepEqual({ hits: cache.stats().hits, misses: cache.stats().misses }, { hits: 2, misses: 1 });
  });

  it('clear() drops every stored answer: a repeated request goes upstream again', async () => {
    await cache.chat(provider, ask('one'));
    await cache.chat(provider, ask('two'));
    assert.equal(cache.stats().entries, 2);
    let changes = 0;
    const sub = cache.onDidChange(() => changes++);
    cache.clear();
    sub.dispose();
    assert.deepEqual([cache.stats().entries, cache.stats().bytes, changes], [0, 0, 1]);
    await cache.chat(provider, ask('one'));
    assert.equal(provider.calls, 3, 'the cleared answer was fetched again');
  });

  it('serves a chat answer to a stream request as delta events and a done event', async () => {
    const original = await cache.chat(provider, ask('hi'));
    const events = await collect(cache.stream(provider, ask('hi')));
    assert.equal(provider.calls, 1);
    assert.deepEqual(events, [
      { type: 'text-delta', text: original.text },
      { type: 'usage', usage: original.usage },
      { type: 'done', response: { ...original, cached: true } },
    ]);
  });

  it('replays a streamed answer as the same events, and serves it to chat', async () => {
    const original = await collect(cache.stream(provider, ask('hello there')));
    assert.deepEqual(original, chunkedEvents(answer('echo "hello there"')));
    assert.deepEqual(unmarkedEvents(await collect(cache.stream(provider, ask('hello there')))), original);
    assert.deepEqual(await cache.chat(provider, ask('hello there')), { ...answer('echo "hello there"'), cached: true });
    assert.equal(provider.calls, 1);
  });

  it('a caller joining a stream in flight gets every event, including those it missed', async () => {
    const leader = cache.stream(provider, ask('a longer answer'))[Symbol.asyncIterator]();
    const first = await leader.next();
    const follower = collect(cache.stream(provider, ask('a longer answer')));
    const rest = await collect({ [Symbol.asyncIterator]: () => leader });
    const joined = await follower;
    assert.deepEqual(unmarkedEvents(joined), [first.value, ...rest]);
    assert.deepEqual([doneOf(rest).cached, doneOf(joined).cached], [undefined, true], 'the joiner is marked, the caller who paid is not');
    assert.equal(provider.calls, 1);
    assert.equal(cache.stats().shared, 1);
  });

  it('does not store answers cut at the token limit or filtered', async () => {
    provider.reply = () => answer('cut', 'length');
    await cache.chat(provider, ask('long'));
    await cache.chat(provider, ask('long'));
    provider.reply = () => answer('filtered', 'content_filter');
    await cache.chat(provider, ask('filtered'));
    await cache.chat(provider, ask('filtered'));
    assert.equal(provider.calls, 4);
    assert.equal(cache.stats().entries, 0);
  });

  it('does not store a stream that ends without done; a chat caller sharing it gets a clear error', async () => {
    provider.cutAfter = 3;
    const gate = deferred();
    provider.gate = gate.promise;
    const streamed = collect(cache.stream(provider, ask('dropped')));
    const joined = cache.chat(provider, ask('dropped'));
    gate.release();
    assert.equal((await streamed).length, 3);
    await assert.rejects(joined, (err) => err instanceof LlmError && err.kind === 'network');
    provider.cutAfter = undefined;
    await cache.chat(provider, ask('dropped'));
    assert.equal(provider.calls, 2);
  });

  it('one caller cancelling leaves the others served and the answer stored', async () => {
    const gate = deferred();
    provider.gate = gate.promise;
    const quitter = new AbortController();
    const a = cache.chat(provider, ask('q'), quitter.signal);
    const b = cache.chat(provider, ask('q'));
    quitter.abort(new Error('user pressed stop'));
    await assert.rejects(a, (err) => err instanceof LlmError && err.kind === 'cancelled' && (err.cause as Error).message === 'user pressed stop');
    gate.release();
    assert.equal((await b).text, 'echo "q"');
    assert.equal(provider.signals[0]?.aborted, false);
    await cache.chat(provider, ask('q'));
    assert.equal(provider.calls, 1);
  });

  it('when every caller has cancelled, the upstream call is aborted and nothing is stored', async () => {
    provider.gate = deferred().promise;
    const one = new AbortController();
    const two = new AbortController();
    const a = cache.chat(provider, ask('q'), one.signal);
    const b = cache.chat(provider, ask('q'), two.signal);
    one.abort();
    two.abort();
    await assert.rejects(a, { name: 'LlmError', kind: 'cancelled' });
    await assert.rejects(b, { name: 'LlmError', kind: 'cancelled' });
    assert.equal(provider.signals[0]?.aborted, true);
    provider.gate = undefined;
    await cache.chat(provider, ask('q'));
    assert.equal(provider.calls, 2);
  });

  it('a stream its only reader leaves early is aborted upstream and not stored', async () => {
    for await (const event of cache.stream(provider, ask('stop early'))) {
      assert.equal(event.type, 'text-delta');
      break;
    }
    assert.equal(provider.signals[0]?.aborted, true);
    assert.equal(cache.stats().entries, 0);
  });

  it('no-store neither reads nor writes; a disabled cache passes everything through', async () => {
    await cache.chat(provider, ask('x'));
    await cache.chat(provider, ask('x', { metadata: { cachePolicy: 'no-store' } }));
    await cache.chat(provider, ask('y', { metadata: { cachePolicy: 'no-store' } }));
    await cache.chat(provider, ask('y'));
    assert.equal(provider.calls, 4);
    cache.configure({ enabled: false });
    assert.equal(cache.stats().entries, 0);
    await cache.chat(provider, ask('y'));
    await cache.chat(provider, ask('y'));
    assert.equal(provider.calls, 6);
    assert.equal(cache.stats().bypassed, 4);
  });

  it('an answer larger than the byte limit is served but not kept', async () => {
    cache.configure({ maxMegabytes: 0.01 });
    provider.reply = () => answer('x'.repeat(20_000));
    await cache.chat(provider, ask('big'));
    await cache.chat(provider, ask('big'));
    assert.equal(provider.calls, 2);
    assert.equal(cache.stats().tooLarge, 2);
  });

  it('credits each hit with the original cost and reports it to the ledger as a cache hit', async () => {
    const sink = new RecordingSink();
    cache = new ResponseCache({}, { costs: centPerCall, usage: sink });
    const original = await cache.chat(provider, ask('priced', { metadata: { executionId: 'run-1' } }));
    await cache.chat(provider, ask('priced', { metadata: { executionId: 'run-2' } }));
    await collect(cache.stream(provider, ask('priced')));
    provider.reply = (request) => ({ ...answer('free'), responseModel: request.model });
    await cache.chat(provider, ask('free', { model: 'unpriced' }));
    await cache.chat(provider, ask('free', { model: 'unpriced' }));
    const stats = cache.stats();
    assert.equal(stats.savedUsd, 0.02);
    assert.equal(stats.unpricedHits, 1);
    assert.equal(stats.hitRate, 3 / 5);
    assert.equal(sink.calls.length, 3);
    const [hit] = sink.calls;
    assert.deepEqual(
      { ...hit, id: undefined, startedAt: undefined, durationMs: undefined },
      {
        id: undefined,
        executionId: 'run-2',
        provider: 'scripted',
        providerKind: 'scripted',
        model: 'scripted-1',
        responseModel: 'scripted-1',
        startedAt: undefined,
        durationMs: undefined,
        usage: original.usage,
        cacheHit: true,
        savedUsd: 0.01,
        status: 'ok',
      },
    );
    assert.equal(sink.calls[2]?.savedUsd, undefined, 'an unpriced hit has no savedUsd, not 0');
  });
});
