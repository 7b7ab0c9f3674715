// Field-by-field checks of the two usage mappings against the vendors' documented semantics.
import * as assert from 'node:assert/strict';
import { overwriteAnthropicUsage, usageFromAnthropic, usageFromOpenAi } from '../../../../src/core/llm/usage';
import { emptyUsage } from '../../../../src/core/llm/types';

describe('usageFromOpenAi', () => {
  const usage = usageFromOpenAi({
    prompt_tokens: 1500,
    completion_tokens: 700,
    total_tokens: 2200,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 512, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  });

  it('inputTokens is prompt_tokens, which already includes cached tokens', () => assert.equal(usage.inputTokens, 1500));
  it('outputTokens is completion_tokens, reasoning included', () => assert.equal(usage.outputTokens, 700));
  it('cacheReadTokens is prompt_tokens_details.cached_tokens', () => assert.equal(usage.cacheReadTokens, 1024));
  it('reasoningTokens is completion_tokens_details.reasoning_tokens', () => assert.equal(usage.reasoningTokens, 512));
  it('reports no cache writes (Chat Completions has none)', () => {
    assert.equal(usage.cacheWriteTokens, 0);
    assert.equal(usage.cacheWrite5mTokens, 0);
    assert.equal(usage.cacheWrite1hTokens, 0);
  });
  it('treats missing details and missing usage as zero', () => {
    assert.deepEqual(usageFromOpenAi({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }), {
      ...emptyUsage(),
      inputTokens: 3,
      outputTokens: 4,
    });
    assert.deepEqual(usageFromOpenAi(undefined), emptyUsage());
  });
});

describe('usageFromAnthropic', () => {
  const usage = usageFromAnthropic({
    input_tokens: 50,
    output_tokens: 400,
    cache_creation_input_tokens: 3000,
    cache_read_input_tokens: 9000,
    cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    output_tokens_details: { thinking_tokens: 250 },
  });

  it('inputTokens adds cache reads and writes to input_tokens, which excludes them', () => assert.equal(usage.inputTokens, 12_050));
  it('outputTokens is output_tokens', () => assert.equal(usage.outputTokens, 400));
  it('cacheReadTokens is cache_read_input_tokens', () => assert.equal(usage.cacheReadTokens, 9000));
  it('cacheWriteTokens is cache_creation_input_tokens', () => assert.equal(usage.cacheWriteTokens, 3000));
  it('splits writes into 5-minute and 1-hour from cache_creation', () => {
    assert.equal(usage.cacheWrite5mTokens, 1000);
    assert.equal(usage.cacheWrite1hTokens, 2000);
  });
  it('reasoningTokens is output_tokens_details.thinking_tokens', () => assert.equal(usage.reasoningTokens, 250));
  it('counts writes as 5-minute when the split is absent', () => {
    const u = usageFromAnthropic({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 70, cache_read_input_tokens: null });
    assert.equal(u.cacheWrite5mTokens, 70);
    assert.equal(u.cacheWrite1hTokens, 0);
    assert.equal(u.inputTokens, 71);
  });
});

describe('overwriteAnthropicUsage', () => {
  it('overwrites message_start usage with message_delta running totals, never adds', () => {
    const start = { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 500, cache_creation_input_tokens: 0 };
    const delta = { output_tokens: 321, input_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null };
    const merged = overwriteAnthropicUsage(start, delta);
    assert.deepEqual(merged, { input_tokens: 10, output_tokens: 321, cache_read_input_tokens: 500, cache_creation_input_tokens: 0 });
    assert.equal(usageFromAnthropic(overwriteAnthropicUsage(merged, { output_tokens: 400 })).outputTokens, 400);
  });
  it('takes non-null input and cache totals from the delta too', () => {
    const merged = overwriteAnthropicUsage({ input_tokens: 10, output_tokens: 1 }, { input_tokens: 12, output_tokens: 5, cache_read_input_tokens: 7 });
    assert.deepEqual(usageFromAnthropic(merged), { ...emptyUsage(), inputTokens: 19, outputTokens: 5, cacheReadTokens: 7 });
  });
});
