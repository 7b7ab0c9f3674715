// Which model prices a call: the one the provider reports, falling back to the requested one.
// The ledger (on insert and on re-pricing) follows the same rule as the cache and agent runs.
import * as assert from 'node:assert/strict';
import { pricingModels, priceByModel } from '../../../../src/core/usage/pricedModel';
import { call, ledgerPerTest, wholeDay } from './helpers';

describe('priced-by model', () => {
  it('tries the reported model first, then the requested one', () => {
    assert.deepEqual(pricingModels({ model: 'gpt-4o', responseModel: 'gpt-4o-2024-08-06' }), ['gpt-4o-2024-08-06', 'gpt-4o']);
    assert.deepEqual(pricingModels({ model: 'gpt-4o', responseModel: 'gpt-4o' }), ['gpt-4o']);
    assert.deepEqual(pricingModels({ model: 'gpt-4o' }), ['gpt-4o']);
    const prices: Record<string, number> = { 'gpt-4o': 2 };
    assert.equal(priceByModel({ model: 'gpt-4o', responseModel: 'unknown-snapshot' }, (m) => ({ usd: prices[m] ?? null })).usd, 2);
    assert.equal(priceByModel({ model: 'alias', responseModel: 'other' }, (m) => ({ usd: prices[m] ?? null })).usd, null);
  });

  describe('in the ledger', () => {
    const t = ledgerPerTest();

    it('prices a call asked of an alias by the model that answered, on insert and after re-pricing', async () => {
      const ledger = t.open();
      // `my-alias` has no price; `gpt-4o` costs $2.50 per million input tokens.
      ledger.recordCall(call({ model: 'my-alias', responseModel: 'gpt-4o', usage: { inputTokens: 1_000_000, outputTokens: 0 } }));
      const cost = async () => {
        const [row] = await ledger.query({ q: 'totals', range: wholeDay(), groupBy: 'model' });
        return [row?.costUsd, row?.unpricedCalls];
      };
      assert.deepEqual(await cost(), [2.5, 0]);
      await ledger.recomputeCosts({});
      assert.deepEqual(await cost(), [2.5, 0]);
      await ledger.close();
    });
  });
});
