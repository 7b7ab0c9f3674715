// o200k's pre-tokenizer (the split regex of gpt-4o's encoding) as a hand-written scanner. The regex,
// as gpt-tokenizer and tiktoken use it:
//   1 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'s|'t|'re|'ve|'m|'ll|'d)?
//   2 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'s|…)?      (contractions any case)
//   3 \p{N}{1,3}    4 ` ?[^\s\p{L}\p{N}]+[\r\n/]*`    5 \s*[\r\n]+    6 \s+(?!\S)    7 \s+
// V8 runs that /u regex with Unicode property classes at about 250 ns a piece, half the cost of
// counting; this scanner classifies each code point once (a table) and applies the same
// alternatives, in the same order, with the same backtracking outcomes. test/unit/core/chat/
// checks it piece for piece against the library's regex on a large varied and random corpus.

const UPPERISH = 1; // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
const LOWERISH = 2; // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
const LETTER = 4; // \p{L}
const NUMBER = 8; // \p{N}
const SPACE = 16; // \s
const NEWLINE = 32; // [\r\n]
const KNOWN = 64;

const tests: Array<[number, RegExp]> = [
  [UPPERISH, /^[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]$/u],
  [LOWERISH, /^[\p{Ll}\p{Lm}\p{Lo}\p{M}]$/u],
  [LETTER, /^\p{L}$/u],
  [NUMBER, /^\p{N}$/u],
  [SPACE, /^\s$/u],
  [NEWLINE, /^[\r\n]$/u],
];

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let flags = KNOWN;
  for (const [flag, re] of tests) if (re.test(ch)) flags |= flag;
  return flags;
}

/** Classes of the Basic Multilingual Plane, filled on first sight (ASCII up front); astral ones in a map. */
const bmp = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) bmp[c] = classify(c);
const astral = new Map<number, number>();

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return bmp[c] || (bmp[c] = classify(c));
  const cp = text.codePointAt(i)!;
  if (cp < 0x10000) return bmp[c] || (bmp[c] = classify(c)); // a lone high surrogate
  let known = astral.get(cp);
  if (known === undefined) astral.set(cp, (known = classify(cp)));
  return known;
}

/** UTF-16 length of the code point at `i`. */
function width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** End of the run of code points from `i` whose class has any of `flags`. */
function runEnd(text: string, i: number, flags: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 0xd800) {
      if (!((bmp[c] || (bmp[c] = classify(c))) & flags)) break;
      i++;
    } else {
      if (!(classAt(text, i) & flags)) break;
      i += width(text, i);
    }
  }
  return i;
}

/** `(?:'s|'t|'re|'ve|'m|'ll|'d)?` (any case) at `i`: where it ends. */
function contraction(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x27) return i;
  const a = text.charCodeAt(i + 1) | 0x20;
  if (a === 0x73 || a === 0x64 || a === 0x6d || a === 0x74) return i + 2; // s d m t
  const b = text.charCodeAt(i + 2) | 0x20;
  if ((a === 0x6c && b === 0x6c) || (a === 0x76 && b === 0x65) || (a === 0x72 && b === 0x65)) return i + 3; // ll ve re
  return i;
}

/** Alternative 1 from `j` (after the optional prefix): `UPPERISH* LOWERISH+ contraction?`, or -1. */
function lowerWord(text: string, j: number): number {
  const upEnd = runEnd(text, j, UPPERISH);
  if (upEnd < text.length && classAt(text, upEnd) & LOWERISH) return contraction(text, runEnd(text, upEnd, LOWERISH));
  // Backtrack UPPERISH*: the LOWERISH+ takes the last code point of the run that is also LOWERISH.
  let last = -1;
  for (let k = j; k < upEnd; k += width(text, k)) if (classAt(text, k) & LOWERISH) last = k + width(text, k);
  return last < 0 ? -1 : contraction(text, last);
}

/** Alternative 2 from `j`: `UPPERISH+ LOWERISH* contraction?`, or -1. */
function upperWord(text: string, j: number): number {
  const upEnd = runEnd(text, j, UPPERISH);
  return upEnd === j ? -1 : contraction(text, runEnd(text, upEnd, LOWERISH));
}

// ASCII classes for the fast paths below: most pieces of English, code and markup are all ASCII.
const A_LETTER = 1;
const A_DIGIT = 2;
const A_SPACE = 4; // \s in ASCII: \t \n \v \f \r and space
const A_OTHER = 8; // [^\s\p{L}\p{N}] in ASCII: punctuation, symbols, control characters
const ascii = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const k = bmp[c]!;
  ascii[c] = k & LETTER ? A_LETTER : k & NUMBER ? A_DIGIT : k & SPACE ? A_SPACE : A_OTHER;
}

/** The ASCII class of the unit at `i`: 0 past the end, -1 for a non-ASCII unit. */
function asciiAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 0x80 ? ascii[c]! : i < text.length ? -1 : 0;
}

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;

/**
 * The common case, an ASCII word with at most one ASCII prefix (` the`, `.Name`), followed by ASCII
 * or the end: `[A-Z]*[a-z]+` is alternative 1, `[A-Z]+` alternative 2, both with their contraction.
 * `j` is where the letters start (after the prefix, if any). -1 when a non-ASCII unit follows.
 */
function asciiWordEnd(text: string, j: number): number {
  while (isUpper(text.charCodeAt(j))) j++;
  while (isLower(text.charCodeAt(j))) j++;
  return asciiAt(text, j) < 0 ? -1 : contraction(text, j);
}

/**
 * Where the piece starting at ASCII `c` (at `i`) ends when it and what decides it are all ASCII:
 * a word (1, 2), up to three digits (3), a run of punctuation (4) or of whitespace (5, 6, 7);
 * -1 when a non-ASCII unit could change the outcome (it may be a letter, digit, space or symbol).
 */
function asciiPieceEnd(text: string, i: number, c: number): number {
  const kind = ascii[c]!;
  if (kind === A_LETTER) return asciiWordEnd(text, i);
  const next = asciiAt(text, i + 1);
  if (next < 0) return -1;
  if (kind === A_DIGIT) {
    const third = next === A_DIGIT ? asciiAt(text, i + 2) : 0;
    if (third < 0) return -1;
    return third === A_DIGIT ? i + 3 : next === A_DIGIT ? i + 2 : i + 1;
  }
  // The optional prefix [^\r\n\p{L}\p{N}] of 1 and 2 before an ASCII letter.
  if (next === A_LETTER && c !== 0x0a && c !== 0x0d) return asciiWordEnd(text, i + 1);
  if (kind === A_OTHER || (c === 0x20 && next === A_OTHER)) {
    // 4: ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
    let j = kind === A_OTHER ? i + 1 : i + 2;
    let k: number;
    while ((k = asciiAt(text, j)) === A_OTHER) j++;
    if (k < 0) return -1;
    for (let d = text.charCodeAt(j); d === 0x0a || d === 0x0d || d === 0x2f; d = text.charCodeAt(++j));
    return j;
  }
  // 5, 6, 7 over a run of ASCII whitespace: after its last line break, else all of it at the end
  // of the text or when it is one unit long, else all but its last unit (left to prefix what follows).
  let j = i + 1;
  let k: number;
  while ((k = asciiAt(text, j)) === A_SPACE) j++;
  if (k < 0) return -1;
  for (let m = j - 1; m >= i; m--) if (text.charCodeAt(m) === 0x0a || text.charCodeAt(m) === 0x0d) return m + 1;
  return k === 0 || j - i === 1 ? j : j - 1;
}

/** Whether the code point at `k` is in `[^\s\p{L}\p{N}]` (alternative 4's body). */
function isOther(text: string, k: number): boolean {
  return k < text.length && !(classAt(text, k) & (SPACE | LETTER | NUMBER));
}

/** Where the piece starting at `i` ends (i < text.length). */
export function o200kPieceEnd(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0x80) {
    const end = asciiPieceEnd(text, i, unit);
    if (end >= 0) return end;
  }
  const c = classAt(text, i);
  const next = i + width(text, i);
  // 1 and 2, each first with the optional prefix `[^\r\n\p{L}\p{N}]` taken, then without it.
  const prefixable = !(c & (LETTER | NUMBER | NEWLINE)) && next < text.length;
  let end = prefixable ? lowerWord(text, next) : -1;
  if (end < 0 && c & (UPPERISH | LOWERISH)) end = lowerWord(text, i);
  if (end < 0 && prefixable) end = upperWord(text, next);
  if (end < 0 && c & UPPERISH) end = upperWord(text, i);
  if (end >= 0) return end;
  if (c & NUMBER) {
    end = next;
    for (let k = 1; k < 3 && end < text.length && classAt(text, end) & NUMBER; k++) end += width(text, end);
    return end;
  }
  // 4: ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
  const start = text.charCodeAt(i) === 0x20 && isOther(text, next) ? next : isOther(text, i) ? i : -1;
  if (start >= 0) {
    end = start;
    while (isOther(text, end)) end += width(text, end);
    for (let d = text.charCodeAt(end); d === 0x0a || d === 0x0d || d === 0x2f; d = text.charCodeAt(++end));
    return end;
  }
  // Only whitespace is left: 5, 6, 7 over the run of \s from i.
  const spaceEnd = runEnd(text, i, SPACE);
  for (let k = spaceEnd - 1; k >= i; k--) if (classAt(text, k) & NEWLINE) return k + 1;
  if (spaceEnd === text.length || spaceEnd - i === 1) return spaceEnd;
  return spaceEnd - 1; // every \s is one UTF-16 unit
}
