// The cache's side of the ledger contract, end to end: the real OpenAI provider on a loopback
// server, wrapped by the ledger's RecordingProvider (upstream calls) inside the cache (hits),
// writing to a real ledger on disk. A hit is a call with cacheHit = true that costs $0 and
// credits the original call's cost as saved.
import * as assert from 'node:assert/strict';
import { LlmServer } from '../../../fixtures/llmServer';
import { openaiUsage } from '../../../fixtures/openaiWire';
import { CachingProvider } from '../../../../src/core/cache/cachingProvider';
import { ResponseCache } from '../../../../src/core/cache/responseCache';
import { ContextProvider } from '../../../../src/core/llm/callContext';
import type { LlmProvider } from '../../../../src/core/llm/provider';
import { BudgetExceededError, budgetRefusal, budgetUse } from '../../../../src/core/usage/budget';
import { BudgetedProvider } from '../../../../src/core/usage/budgetedProvider';
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

  it("puts each caller's context on the rows its requests produce: the upstream call's and the hit's", async () => {
    const cache = new ResponseCache({}, { costs: new Pricing(), usage: ledger });
    const stack = new CachingProvider(new RecordingProvider(upstream, ledger), cache);
    const chat = new ContextProvider(stack, { source: 'vscode-chat', client: 'ext.one', workspace: 'shop' });
    const gateway = new ContextProvider(stack, { source: 'gateway', client: 'claude-code' });
    server.enqueue(openaiHarness.reply({ text: 'shared answer', model: 'gpt-4o', usage: openaiUsage(100, 10) }));
    const exec = 'ctx-run';
    ledger.recordExecution({ id: exec, kind: 'chat', title: 'x', startedAt: Date.now() - 5000, status: 'ok' });

    const before = server.requestCount;
    await chat.chat(ask('same', { model: 'gpt-4o', metadata: { executionId: exec } }));
    await collect(gateway.stream(ask('same', { model: 'gpt-4o', metadata: { executionId: exec } })));
    // A context said on the request itself wins over the provider's, field by field.
    await chat.chat(ask('same', { model: 'gpt-4o', metadata: { executionId: exec, context: { client: 'ext.two' } } }));
    assert.equal(server.requestCount - before, 1);

    const calls = (await ledger.query({ q: 'execution', id: exec })).calls;
    assert.deepEqual(
      calls.map((c) => [c.cacheHit, c.source, c.client, c.workspace]),
      [
        [false, 'vscode-chat', 'ext.one', 'shop'],
        [true, 'gateway', 'claude-code', undefined],
        [true, 'vscode-chat', 'ext.two', 'shop'],
      ],
    );
  });

  it('a budget that blocks stops the request before the server, and still lets a cached answer through', async () => {
    const cache = new ResponseCache({}, { costs: new Pricing(), usage: ledger });
    let spentToday = 0;
    const check = async () => budgetRefusal('block', budgetUse({ daily: 1 }, { todayUsd: spentToday, monthUsd: spentToday }));
    const provider = new CachingProvider(new BudgetedProvider(new RecordingProvider(upstream, ledger), check), cache);
    server.enqueue(openaiHarness.reply({ text: 'before the limit', model: 'gpt-4o', usage: openaiUsage(100, 10) }));
    const before = server.requestCount;
    await provider.chat(ask('cached', { model: 'gpt-4o' }));
    spentToday = 1;

    await assert.rejects(collect(provider.stream(ask('new question', { model: 'gpt-4o' }))), (err: unknown) => {
      assert.ok(err instanceof BudgetExceededError);
      assert.match(err.message, /your daily budget of \$1\.00 is reached \(\$1\.00 spent today\)/);
      return true;
    });
    assert.equal((await provider.chat(ask('cached', { model: 'gpt-4o' }))).text, 'before the limit');
    assert.equal(server.requestCount - before, 1, 'the refused request never reached the server');
    const savings = await ledger.query({ q: 'cacheSavings', range: wholeDay() });
    assert.deepEqual([savings.calls, savings.cacheHits], [2, 1], 'a refused request is no call');
  });
});
