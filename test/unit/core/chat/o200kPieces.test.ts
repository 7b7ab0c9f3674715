import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { o200kCounter } from '../../../../src/core/chat/o200kCount';
import { o200kPieceEnd } from '../../../../src/core/chat/o200kPieces';

function ourPieces(text: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const end = o200kPieceEnd(text, i);
    pieces.push(text.slice(i, end));
    i = end;
  }
  return pieces;
}

const libraryPieces = (text: string): string[] => [...text.matchAll(O200K_TOKEN_SPLIT_REGEX)].map((m) => m[0]);

/** Every text file of the repository's source and docs: code, prose, tables, JSON. */
function repoTexts(): string[] {
  const root = join(__dirname, '../../../../..');
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|md|json|mjs|css|html)$/.test(e.name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const dir of ['src', 'media', 'docs', 'test/unit', 'bench']) walk(join(root, dir));
  texts.push(readFileSync(join(root, 'README.md'), 'utf8'), readFileSync(join(root, 'package.json'), 'utf8'));
  return texts;
}

// Characters from every class the split regex tells apart, and the ones next to its edges:
// upper/lower/title-case/modifier/other letters, combining marks, digits and other numbers
// (astral ones too), each kind of whitespace, line breaks, apostrophes and contraction letters,
// slashes, punctuation, emoji (astral symbols), a zero-width joiner and lone surrogates.
const ALPHABET = [
  ...'aAbZsStTdDmMlLvVeErR', 'é', 'Ω', 'ß', 'ǅ', 'ʰ', 'ー', '東', 'ا', '\u0301', '\u093f', '0', '7', '²', 'Ⅻ', '٣', '𝟘', '𐐀', '𐐨',
  ' ', ' ', ' ', '\t', '\v', '\f', '\r', '\n', '\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b',
  "'", "'", '/', '.', ',', '-', '`', '(', '—', '…', '🚀', '👍🏽', '\u200d', '\ud800', '\udc00', '<|endoftext|>',
];

function randomTexts(count: number): string[] {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 40) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(''));
}

const MIXED = 'Switchboard routes every call: 東京 café naïve `const x = f(y);` — 🚀 tokens! Don\'T WE\'LL  \n\n  /path//x\r\n'.repeat(30);

describe('o200k pre-tokenizer', () => {
  it('splits the repository\'s code and prose into exactly the pieces of the library\'s regex', () => {
    const texts = repoTexts();
    assert.ok(texts.length > 100, `${texts.length} files`);
    for (const text of [...texts, MIXED]) assert.deepEqual(ourPieces(text), libraryPieces(text));
  });

  it('splits random strings over every character class exactly as the library\'s regex does', () => {
    for (const text of randomTexts(30_000)) assert.deepEqual(ourPieces(text), libraryPieces(text), JSON.stringify(text));
  });
});

describe('o200k counting by pieces', () => {
  it('counts exactly what gpt-tokenizer counts, the first time and again', () => {
    const count = o200kCounter(countTokens);
    const asText = { disallowedSpecial: new Set<string>() };
    const texts = [...repoTexts(), MIXED, ...randomTexts(5_000)];
    for (const text of texts) assert.equal(count(text), countTokens(text, asText), JSON.stringify(text.slice(0, 80)));
    for (const text of texts.slice(0, 50)) assert.equal(count(text), countTokens(text, asText));
  });
});
