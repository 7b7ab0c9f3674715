import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { emptyUsage, type Usage } from '../../../../src/core/llm/types';
import { PRICE_DATA_VERSION, Pricing, parseOverrides } from '../../../../src/core/usage/pricing';

// Published prices (USD per million tokens), hand-applied:
//   OpenAI gpt-4o: input 2.50, cached input 1.25, output 10.00.
//   Anthropic claude-sonnet-4-5 (≤ 200k input): input 3.00, 5-minute cache write 3.75,
//   1-hour cache write 6.00, cache read 0.30, output 15.00.
const close = (actual: number | null, expected: number) => {
  assert.ok(actual !== null, 'expected a price');
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
};

describe('usage pricing', () => {
  const pricing = new Pricing();

  it('prices an OpenAI call with cached input tokens', () => {
    // 10,000 prompt tokens of which 4,000 cached; 500 completion tokens.
    const usd = pricing.cost('openai', 'gpt-4o', { ...emptyUsage(), inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 500 });
    close(usd, (6_000 * 2.5 + 4_000 * 1.25 + 500 * 10) / 1e6); // $0.025
  });

  it('prices an Anthropic call with 5-minute and 1-hour cache writes and cache reads', () => {
    // Anthropic reports input_tokens 1,000 (uncached), cache_creation 2,000 (5m) + 3,000 (1h), cache_read 4,000.
    const usage = {
      ...emptyUsage(),
      inputTokens: 1_000 + 2_000 + 3_000 + 4_000,
      cacheWriteTokens: 5_000,
      cacheWrite5mTokens: 2_000,
      cacheWrite1hTokens: 3_000,
      cacheReadTokens: 4_000,
      outputTokens: 500,
    };
    const price = pricing.price('anthropic', 'claude-sonnet-4-5', usage);
    close(price.usd, (1_000 * 3 + 2_000 * 3.75 + 3_000 * 6 + 4_000 * 0.3 + 500 * 15) / 1e6); // $0.0372
    assert.equal(price.version, PRICE_DATA_VERSION);
  });

  it('leaves an unknown model unpriced (null), never $0', () => {
    const price = pricing.price('openai', 'my-local-finetune', { ...emptyUsage(), inputTokens: 100, outputTokens: 10 });
    assert.deepEqual(price, { usd: null, version: null });
    assert.equal(pricing.cost('ollama', 'llama3', { ...emptyUsage(), inputTokens: 100 }), null);
  });

  it('applies per-model overrides, cache prices defaulting to the input price', () => {
    const p = new Pricing(parseOverrides({ 'my-model': { input: 1, output: 2, cacheRead: 0.1 }, broken: { input: 'x' } }));
    close(p.cost('openai', 'my-model', { ...emptyUsage(), inputTokens: 1_000_000, cacheReadTokens: 500_000, cacheWriteTokens: 100_000, outputTokens: 1_000_000 }),
      400_000 * 1e-6 + 500_000 * 0.1e-6 + 100_000 * 1e-6 + 2);
    assert.match(p.price('openai', 'my-model', emptyUsage()).version ?? '', /^overrides@[0-9a-f]{12}$/);
    assert.equal(p.cost('openai', 'broken', { ...emptyUsage(), inputTokens: 5 }), null);
  });

  it('names the installed price data version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(require.resolve('@pydantic/genai-prices'), '../../package.json'), 'utf8')) as { version: string };
    assert.equal(PRICE_DATA_VERSION, `genai-prices@${pkg.version}`);
  });

  it('agrees with genai-prices itself for flat-priced models (fast path) and tiered ones', () => {
    const models: [string, string][] = [
      ['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'], ['openai', 'gpt-4.1'], ['openai', 'o3'],
      ['anthropic', 'claude-sonnet-4-5'], ['anthropic', 'claude-haiku-4-5'], ['anthropic', 'claude-opus-4-1'],
      ['deepseek', 'deepseek-chat'], ['groq', 'llama-3.3-70b-versatile'],
    ];
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    let compared = 0;
    for (const [kind, model] of models) {
      for (let i = 0; i < 40; i++) {
        const input = rand(300_000);
        const cacheRead = rand(input + 1);
        const cacheWrite = rand(input - cacheRead + 1);
        const cacheWrite1h = rand(cacheWrite + 1);
        const usage: Usage = { ...emptyUsage(), inputTokens: input, outputTokens: rand(20_000), cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, cacheWrite5mTokens: cacheWrite - cacheWrite1h, cacheWrite1hTokens: cacheWrite1h };
        const at = Date.UTC(2026, 10, 27, rand(24), rand(60));
        const expected = calcPrice(
          { input_tokens: input, output_tokens: usage.outputTokens, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, cache_write_1h_tokens: cacheWrite1h },
          model, { providerId: kind, timestamp: new Date(at) },
        );
        const actual = pricing.price(kind, model, usage, at).usd;
        if (!expected) {
          assert.equal(actual, null, `${kind}/${model}`);
          continue;
        }
        compared++;
        assert.ok(actual !== null && Math.abs(actual - expected.total_price) <= 1e-12 * Math.max(1, expected.total_price), `${kind}/${model}: ${actual} ≠ ${expected.total_price}`);
      }
    }
    assert.ok(compared >= 200, `only ${compared} priced comparisons`);
  });
});
