import * as assert from 'node:assert/strict';
import raw from 'gpt-tokenizer/bpeRanks/o200k_base';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { bpeCounter, o200kRanks } from '../../../../src/core/chat/o200kBpe';
import { o200kCounter } from '../../../../src/core/chat/o200kCount';
import { MIXED, randomTexts, randomWords, repoTexts } from './o200kCorpus';

const asText = { disallowedSpecial: new Set<string>() };
const ranks = o200kRanks(raw);

/** The distinct pieces of `texts` as the library's own regex splits them. */
function piecesOf(texts: string[]): string[] {
  const pieces = new Set<string>();
  for (const text of texts) for (const [piece] of text.matchAll(O200K_TOKEN_SPLIT_REGEX)) pieces.add(piece);
  return [...pieces];
}

function assertSameCounts(pieces: string[]): void {
  const merge = bpeCounter(ranks);
  for (const piece of pieces) assert.equal(merge(piece), countTokens(piece, asText), JSON.stringify(piece));
}

describe('o200k byte-pair merging', () => {
  it('merges every piece of the repository\'s code and prose into as many tokens as gpt-tokenizer', () => {
    const pieces = piecesOf([...repoTexts(), MIXED]);
    assert.ok(pieces.length > 10_000, `${pieces.length} pieces`);
    assertSameCounts(pieces);
  });

  it('agrees on random pieces over every character class, lone surrogates and byte-order marks', () => {
    assertSameCounts(piecesOf(randomTexts(20_000)));
  });

  it('agrees on long pieces of CJK, Hangul, Thai, Devanagari, accented Latin, combining marks and emoji', () => {
    const pieces = piecesOf(randomWords(3_000, 60));
    assert.ok(pieces.some((p) => p.length >= 40), 'long pieces');
    assertSameCounts(pieces);
  });

  it('keeps gpt-tokenizer\'s reading of a byte-order mark (U+FEFF alone is 2 tokens, not 1)', () => {
    const merge = bpeCounter(ranks);
    for (const piece of ['\ufeff', '\ufeffusing', '\ufeff\ufeff', ' \ufeff', '\ufeff\n']) assert.equal(merge(piece), countTokens(piece, asText), JSON.stringify(piece));
    assert.equal(merge('\ufeff'), 2);
  });
});

describe('o200k counting by pieces', () => {
  it('counts whole texts exactly as gpt-tokenizer does, the first time and again', () => {
    const count = o200kCounter(bpeCounter(ranks));
    const texts = [...repoTexts(), MIXED, ...randomTexts(5_000), ...randomWords(2_000, 200)];
    for (const text of texts) assert.equal(count(text), countTokens(text, asText), JSON.stringify(text.slice(0, 80)));
    for (const text of texts.slice(0, 50)) assert.equal(count(text), countTokens(text, asText));
  });
});
