import * as assert from 'node:assert/strict';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { chatModelLimits, DEFAULT_CONTEXT_WINDOW } from '../../../../src/core/chat/modelInfo';
import { estimateTokens, memoized, tokenCounterFor, usesRealTokenizer } from '../../../../src/core/chat/tokenCount';

describe('token counting', () => {
  const sample = 'Switchboard counts every token: naïve café, 東京, emoji 🚀 and code `const x = 1;`\n'.repeat(20);

  it('counts OpenAI-family models exactly as the o200k tokenizer encodes', async () => {
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'o3', 'openai/gpt-5']) assert.ok(usesRealTokenizer(model), model);
    const count = await tokenCounterFor('gpt-4o');
    assert.equal(count(sample), encode(sample).length);
    assert.equal(count(''), 0);
  });

  it('counts special-token text such as <|endoftext|> as text instead of refusing it', async () => {
    const count = await tokenCounterFor('gpt-4o');
    const text = 'a message that quotes <|endoftext|> and <|im_start|> literally';
    assert.equal(count(text), encode(text, { disallowedSpecial: new Set() }).length);
  });

  it('tokenizes each text once, keeping at most the characters it is allowed', () => {
    const seen: string[] = [];
    const count = memoized((t) => (seen.push(t), t.length), 300);
    const a = 'a'.repeat(100);
    const b = 'b'.repeat(150);
    const c = 'c'.repeat(120);
    assert.deepEqual([count(a), count(a), count(b), count(a)], [100, 100, 150, 100]);
    assert.deepEqual(seen, [a, b]);
    count(c); // 370 characters: b, the least recently used, is dropped
    count(a);
    count(b);
    assert.deepEqual(seen, [a, b, c, b]);
    count('short');
    count('short');
    assert.equal(seen.filter((t) => t === 'short').length, 2, 'short texts are not kept');
  });

  it('estimates other models: a token per 4 ASCII characters plus one per other character', async () => {
    assert.ok(!usesRealTokenizer('claude-sonnet-4-20250514'));
    assert.equal(await tokenCounterFor('llama3').then((c) => c('abcdefgh')), 2);
    assert.equal(estimateTokens('東京🚀'), 3);
    // An estimate: within 25 % of the real count on mixed text (bench/ measures it on more).
    const real = encode(sample).length;
    const est = estimateTokens(sample);
    assert.ok(Math.abs(est - real) < real * 0.25, `${est} vs ${real}`);
  });
});

describe('chat model limits', () => {
  it('takes the context window from the price data where it has one', () => {
    assert.deepEqual(chatModelLimits('openai', 'gpt-4o'), { maxInputTokens: 128_000 - 16_384, maxOutputTokens: 16_384, toolCalling: 128, imageInput: true });
    assert.equal(chatModelLimits('anthropic', 'claude-sonnet-4-20250514').maxInputTokens, 200_000 - 16_384);
  });

  it('falls back to conservative defaults for unknown models', () => {
    const l = chatModelLimits('openai-compatible', 'my-local-model');
    assert.equal(l.maxInputTokens + l.maxOutputTokens, DEFAULT_CONTEXT_WINDOW);
    assert.equal(l.imageInput, false);
  });
});
