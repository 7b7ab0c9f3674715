// The cache's side of the ledger contract, end to end: the real OpenAI provider on a loopback
// server, wrapped by the ledger's RecordingProvider (upstream calls) inside the cache (hits),
// writing to a real ledger on disk. A hit is a call with cacheHit = true that costs $0 and
// credits the original call's cost as saved.
import * as assert from 'node:assert/strict';
import { LlmServer } from '../../../fixtures/llmServer';
import { openaiUsage } from '../../../fixtures/openaiWire';
import { CachingProvider } from '../../../../src/core/cache/cachingProvider';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import type { LlmProvider } from '../../../../src/core/llm/provider';
import { Pricing } from '../../../../src/core/usage/pricing';
import { RecordingProvider } from '../../../../src/core/usage/recordingProvider';
import type { UsageLedger } from '../../../../src/core/usage/ledger';
import { openaiHarness, staticKeys } from '../llm/harnesses';
import { openLedger, removeDir, tempDir, wholeDay } from '../usage/helpers';
import { ask, collect } from './scriptedProvider';

describe('response cache and the usage ledger', () => {
  let server: LlmServer;
  let upstream: LlmProvider;
  let ledger: UsageLedger;
  let dir: string;

  before(async () => {
    server = await LlmServer.start();
  });
  after(() => server.close());
  beforeEach(() => {
    dir = tempDir();
    ledger = openLedger(dir);
    upstream = openaiHarness.make(server, staticKeys('sk-test'), { maxRetries: 0 });
  });
  afterEach(async () => {
    upstream.dispose?.();
    await ledger.close();
    removeDir(dir);
  });

  it('records each hit as a $0 call that saved what the original cost', async () => {
    const pricing = new Pricing();
    const cache = new ResponseCache({}, { costs: pricing, usage: ledger });
    const provider = new CachingProvider(new RecordingProvider(upstream, ledger), cache);
    server.enqueue(openaiHarness.reply({ text: 'priced answer', model: 'gpt-4o', usage: openaiUsage(12_000, 800) }));

    const original = await provider.chat(ask('price me', { model: 'gpt-4o', metadata: { executionId: 'run-1' } }));
    await provider.chat(ask('price me', { model: 'gpt-4o', metadata: { executionId: 'run-2' } }));
    await collect(provider.stream(ask('price me', { model: 'gpt-4o' })));
    assert.equal(server.requestCount, 1);

    const cost = pricing.cost('openai', 'gpt-4o', original.usage);
    assert.ok(cost !== null && cost > 0, 'gpt-4o is priced by the bundled data');
    assert.equal(cache.stats().savedUsd, 2 * cost);
    const savings = await ledger.query({ q: 'cacheSavings', range: wholeDay() });
    assert.deepEqual([savings.calls, savings.cacheHits], [3, 2]);
    assert.ok(Math.abs(savings.savedUsd - 2 * cost) < 1e-9, `saved ${savings.savedUsd}`);
    const spent = async () => (await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' }))[0]?.costUsd ?? Number.NaN;
    assert.ok(Math.abs((await spent()) - cost) < 1e-9, `spent ${await spent()}: only the upstream call costs money`);

    // Re-pricing (new overrides) re-prices the upstream call and leaves the hits at $0.
    await ledger.recomputeCosts({ 'gpt-4o': { input: 1, output: 1 } });
    assert.ok(Math.abs((await spent()) - 12_800 / 1e6) < 1e-9, `spent ${await spent()} after recompute`);
  });
});
