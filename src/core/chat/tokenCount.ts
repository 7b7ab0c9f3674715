// Token counts for a model's context window. OpenAI-family models get the real tokenizer
// (gpt-tokenizer's o200k_base, bundled: no download at run time); every other model gets an
// estimate: one token per 4 ASCII characters (the usual rule for English and code) plus one per
// non-ASCII character (CJK and emoji are about one token each). bench/ reports its error.
// o200k is the encoding of gpt-4o, gpt-4.1, gpt-5 and the o-series; older gpt-4 / gpt-3.5
// (cl100k) are counted with it too, within a few percent, to keep 1 MB of ranks out of the bundle.
//
// Counting is remembered per text: VS Code counts every message of the conversation again before
// each request, so after the first turn almost every count is of a text already counted, and a
// lookup (hashing the string) costs a fraction of tokenizing it. A first count splits the text with
// a scanner equivalent to o200k's split regex (o200kPieces.ts) and looks each piece up in a table
// of pieces seen before (o200kCount.ts); bench/chatProvider.bench.ts has the figures.

import { bpeCounter, o200kRanks } from './o200kBpe';
import { o200kCounter } from './o200kCount';

export type TokenCounter = (text: string) => number;

/** Per-message framing tokens (role, separators), as in OpenAI's own counting guide. */
export const MESSAGE_OVERHEAD_TOKENS = 3;

const OPENAI_FAMILY = /^(?:gpt-|chatgpt-|o\d|text-embedding-|codex-)/i;

/** Whether `model` is counted with the real tokenizer. */
export function usesRealTokenizer(model: string): boolean {
  return OPENAI_FAMILY.test(model.replace(/^.*\//, ''));
}

/** The estimate for models without a bundled tokenizer (see the file comment). */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    // A surrogate pair is one character: count its high half only.
    else if (c < 0xdc00 || c > 0xdfff) other++;
  }
  return Math.ceil(ascii / 4) + other;
}

/** Texts shorter than this are tokenized every time: that is as quick as a lookup. */
const MEMO_MIN_CHARS = 64;
/** The memo keeps at most this many characters of text (about 8 MB), least recently used dropped first. */
const MEMO_MAX_CHARS = 4_000_000;

/** `count` remembered per text, least recently used dropped first. */
export function memoized(count: TokenCounter, maxChars = MEMO_MAX_CHARS): TokenCounter {
  const memo = new Map<string, number>();
  let chars = 0;
  return (text) => {
    if (text.length < MEMO_MIN_CHARS || text.length > maxChars) return count(text);
    const known = memo.get(text);
    if (known !== undefined) {
      memo.delete(text);
      memo.set(text, known);
      return known;
    }
    const n = count(text);
    memo.set(text, n);
    chars += text.length;
    for (const [oldest] of memo) {
      if (chars <= maxChars) break;
      memo.delete(oldest);
      chars -= oldest.length;
    }
    return n;
  };
}

let o200k: Promise<TokenCounter> | undefined;

/** Loads o200k's ranks once (2 MB of source, 200,000 tokens: only when a count is first asked for). */
function loadO200k(): Promise<TokenCounter> {
  o200k ??= import('gpt-tokenizer/bpeRanks/o200k_base').then((m) => memoized(o200kCounter(bpeCounter(o200kRanks(m.default)))));
  return o200k;
}

/** The counter for `model`: the real tokenizer for OpenAI-family models, else the estimate. */
export async function tokenCounterFor(model: string): Promise<TokenCounter> {
  return usesRealTokenizer(model) ? loadO200k() : estimateTokens;
}
