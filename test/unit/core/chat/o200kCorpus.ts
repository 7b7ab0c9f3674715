// Texts the o200k tests compare with gpt-tokenizer: the repository's own files and seeded random
// strings over every character class the split regex tells apart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every text file of the repository's source and docs: code, prose, tables, JSON. */
export function repoTexts(): string[] {
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

export function randomTexts(count: number, maxLength = 40): string[] {
  const random = seeded(12345);
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * maxLength) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join(''));
}

export const MIXED = 'Switchboard routes every call: 東京 café naïve `const x = f(y);` — 🚀 tokens! Don\'T WE\'LL  \n\n  /path//x\r\n'.repeat(30);


// Lowercase and caseless letters of many scripts with combining marks, now and then emoji, a
// byte-order mark, a lone surrogate or another character that ends a piece: long pieces whose bytes
// take many merges (a whole CJK or Thai phrase is one piece), as mixed-language text has.
const LETTERS = [
  ...'東京都市場の天気予报说话한국어로말합니다ไทยภาษาहिन्दीусскийλληνικάעבריתعربيabc', 'é', 'ñ', 'ø', 'ß', 'ł', 'e\u0301', 'a\u0308', '\u093f', '\u0e31',
];
const BREAKS = ['🚀', '👍🏽', '👨\u200d👩\u200d👧', '🇯🇵', '\ufeff', '\ud83d', '\ude80', '\ufffd', 'Q', 'Ж', '1', "'", '—', ' '];

function seeded(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Seeded random runs of `LETTERS`, one in twenty characters from `BREAKS`. */
export function randomWords(count: number, maxLength: number): string[] {
  const random = seeded(777);
  const pick = (from: string[]) => from[Math.floor(random() * from.length)]!;
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(random() * maxLength) }, () => pick(random() < 0.05 ? BREAKS : LETTERS)).join(''));
}
