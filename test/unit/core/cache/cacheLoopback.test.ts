// The response cache in front of the real providers (real SDKs) talking to the loopback
// fixture server in each vendor's wire format. Upstream calls are counted by the server, not
// by anything in our code: `server.requestCount` is what proves single flight and misses.
import * as assert from 'node:assert/strict';
import { LlmServer } from '../../../fixtures/llmServer';
import type { WireAnswer } from '../../../fixtures/wireAnswer';
import { CachingProvider } from '../../../../src/core/cache/cachingProvider';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import type { CacheOptions } from '../../../../src/core/cache/cacheOptions';
import { LlmError } from '../../../../src/core/llm/errors';
import type { LlmProvider } from '../../../../src/core/llm/provider';
import type { ChatRequest } from '../../../../src/core/llm/types';
import { anthropicHarness, openaiHarness, staticKeys } from '../llm/harnesses';
import { ask, collect, doneOf, unmarked, unmarkedEvents } from './scriptedProvider';
import { ManualClock } from './manualClock';

const CALLERS = 8;
const toolAnswer: WireAnswer = {
  text: 'Checking the weather.',
  toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","days":[1,2]}' }],
  fragmentSize: 3,
};
/** Each vendor's name for "stopped at the token limit". */
const lengthStop: Record<string, string> = { openai: 'length', anthropic: 'max_tokens' };

for (const h of [openaiHarness, anthropicHarness]) {
  describe(`response cache over the ${h.kind} provider and a loopback server`, () => {
    let server: LlmServer;
    let upstream: LlmProvider;
    let clock: ManualClock;
    let cache: ResponseCache;
    let provider: CachingProvider;
    const makeCache = (options: Partial<CacheOptions> = {}) => {
      cache = new ResponseCache(options, { clock });
      provider = new CachingProvider(upstream, cache);
    };

    before(async () => {
      server = await LlmServer.start();
    });
    after(() => server.close());
    beforeEach(() => {
      server.reset();
      // No SDK retries: every upstream attempt the server counts is one the cache made.
      upstream = h.make(server, staticKeys('sk-test'), { maxRetries: 0 });
      clock = new ManualClock();
      makeCache();
    });
    afterEach(() => upstream.dispose?.());

    it(`${CALLERS} concurrent identical chats make exactly one upstream request and share its answer`, async () => {
      server.enqueue(h.reply({ text: 'shared answer' }));
      const answers = await Promise.all(Array.from({ length: CALLERS }, () => provider.chat(ask('same question'))));
      assert.equal(server.requestCount, 1);
      for (const a of answers) assert.deepEqual(unmarked(a), answers[0]);
      assert.equal(answers[0]?.text, 'shared answer');
      assert.deepEqual(answers.map((a) => a.cached), [undefined, ...Array<boolean>(CALLERS - 1).fill(true)], 'only the caller who paid is not marked cached');
      assert.deepEqual([cache.stats().misses, cache.stats().shared], [1, CALLERS - 1]);
    });

    it(`${CALLERS} concurrent identical streams make one upstream request and see the same events`, async () => {
      server.enqueue(h.replyStream(toolAnswer));
      const streams = await Promise.all(Array.from({ length: CALLERS }, () => collect(provider.stream(ask('stream it')))));
      assert.equal(server.requestCount, 1);
      for (const events of streams) assert.deepEqual(unmarkedEvents(events), streams[0]);
      assert.deepEqual(streams.map((events) => doneOf(events).cached), [undefined, ...Array<boolean>(CALLERS - 1).fill(true)]);
    });

    it('a failure reaches every concurrent caller and is not stored', async () => {
      server.enqueue(h.error(400, 'bad things'));
      const results = await Promise.allSettled(Array.from({ length: CALLERS }, () => provider.chat(ask('doomed'))));
      assert.equal(server.requestCount, 1);
      for (const r of results) {
        assert.equal(r.status, 'rejected');
        assert.ok(r.reason instanceof LlmError && r.reason.kind === 'bad-request' && r.reason.message.includes('bad things'));
      }
      server.enqueue(h.reply({ text: 'recovered' }));
      assert.equal((await provider.chat(ask('doomed'))).text, 'recovered');
      assert.equal(server.requestCount, 2);
    });

    it('replays a cached stream as exactly the original events, and serves the same answer to chat', async () => {
      server.enqueue(h.replyStream(toolAnswer));
      const original = await collect(provider.stream(ask('weather?')));
      const replay = await collect(provider.stream(ask('weather?')));
      assert.deepEqual(unmarkedEvents(replay), original);
      assert.equal(doneOf(replay).cached, true);
      assert.deepEqual(await provider.chat(ask('weather?')), { ...doneOf(original), cached: true });
      assert.equal(server.requestCount, 1);
      assert.equal(cache.stats().hits, 2);
    });

    it('does not store an answer stopped by the token limit', async () => {
      server.enqueue(h.reply({ text: 'cut sho', finishReason: lengthStop[h.kind]! }), h.reply({ text: 'cut again', finishReason: lengthStop[h.kind]! }));
      await provider.chat(ask('long essay'));
      assert.equal((await provider.chat(ask('long essay'))).text, 'cut again');
      assert.equal(server.requestCount, 2);
    });

    it('a cancelled stream closes the upstream connection and is not stored', async () => {
      server.enqueue({ ...h.replyStream({ text: 'a long answer that never finishes' }), hold: true });
      const closed = server.nextDisconnect();
      const controller = new AbortController();
      await assert.rejects(async () => {
        for await (const e of provider.stream(ask('endless'), controller.signal)) if (e.type === 'text-delta') controller.abort();
      }, { name: 'LlmError', kind: 'cancelled' });
      await closed;
      assert.equal(cache.stats().entries, 0);
      server.enqueue(h.reply({ text: 'finished this time' }));
      assert.equal((await provider.chat(ask('endless'))).text, 'finished this time');
      assert.equal(server.requestCount, 2);
    });

    it('expires entries after the TTL', async () => {
      makeCache({ ttlSeconds: 60 });
      server.enqueue(h.reply({ text: 'first' }), h.reply({ text: 'second' }));
      await provider.chat(ask('q'));
      clock.ms += 60_000;
      assert.equal((await provider.chat(ask('q'))).text, 'first');
      clock.ms += 1;
      assert.equal((await provider.chat(ask('q'))).text, 'second');
      assert.equal(server.requestCount, 2);
      assert.equal(cache.stats().expirations, 1);
    });

    it('evicts the least recently used entry beyond maxEntries', async () => {
      makeCache({ maxEntries: 2 });
      server.setDefault(h.reply({ text: 'any' }));
      for (const q of ['a', 'b', 'c']) await provider.chat(ask(q));
      await provider.chat(ask('c'));
      assert.equal(server.requestCount, 3);
      await provider.chat(ask('a'));
      assert.equal(server.requestCount, 4);
      assert.deepEqual([cache.stats().entries, cache.stats().evictions], [2, 2]);
    });

    it('evicts by bytes, with the byte limit changed live', async () => {
      server.setDefault(h.reply({ text: 'x'.repeat(2000) }));
      await provider.chat(ask('a'));
      const one = cache.stats().bytes;
      cache.configure({ maxMegabytes: (2.5 * one) / (1024 * 1024) });
      for (const q of ['b', 'c']) await provider.chat(ask(q));
      const stats = cache.stats();
      assert.deepEqual([stats.entries, stats.bytes, stats.evictions], [2, 2 * one, 1]);
      await provider.chat(ask('a'));
      assert.equal(server.requestCount, 4, 'the evicted entry went upstream again');
    });

    it('bypass goes upstream and refreshes the entry; no-store leaves it alone', async () => {
      const regenerate: ChatRequest = ask('poem', { metadata: { cachePolicy: 'bypass' } });
      server.enqueue(h.reply({ text: 'poem 1' }), h.reply({ text: 'poem 2' }), h.reply({ text: 'poem 3' }));
      await provider.chat(ask('poem'));
      assert.equal((await provider.chat(regenerate)).text, 'poem 2');
      assert.equal((await provider.chat(ask('poem'))).text, 'poem 2');
      assert.equal((await provider.chat(ask('poem', { metadata: { cachePolicy: 'no-store' } }))).text, 'poem 3');
      assert.equal((await provider.chat(ask('poem'))).text, 'poem 2');
      assert.equal(server.requestCount, 3);
    });

    it('the execution id and stream flag are not part of the key', async () => {
      server.enqueue(h.reply({ text: 'once' }));
      await provider.chat(ask('q', { metadata: { executionId: 'run-1' } }));
      const events = await collect(provider.stream(ask('q', { metadata: { executionId: 'run-2', tags: { via: 'stream' } } })));
      assert.deepEqual(events.at(-1)?.type === 'done' && events.at(-1), { type: 'done', response: await provider.chat(ask('q')) });
      assert.equal(server.requestCount, 1);
    });
  });
}
