// Byte-pair merging over o200k's ranks (gpt-tokenizer's bundled table, loaded with the first count),
// for pieces not yet in o200kCount.ts's table. gpt-tokenizer's countTokens on one piece runs its
// special-token scan and split regex again before it merges; this merges the piece's UTF-8 bytes
// directly. Ranks are keyed by a token's bytes as a Latin-1 string (one character per byte), so an
// ASCII token is its own key and an ASCII piece needs no conversion.
//
// gpt-tokenizer looks a byte range up by decoding it with a TextDecoder, which drops a leading
// byte-order mark: a valid UTF-8 range that starts with U+FEFF gets the rank of the rest, and the
// nine tokens that start with U+FEFF are never found. That is kept here so counts stay equal to its
// own (U+FEFF alone counts 2, not 1); test/unit/core/chat/ checks the two agree.

/** gpt-tokenizer's rank table: a token's text, or its bytes when they are not text. */
export type RawRanks = readonly (string | readonly number[])[];

/** Tokens in one piece of text (a piece as o200kPieces.ts splits it). */
export type PieceCount = (piece: string) => number;

const NONE = 0x7fffffff;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** `s` as UTF-8 bytes in a Latin-1 string; a lone surrogate becomes U+FFFD, as TextEncoder does. */
const utf8 = (s: string): string => (isAscii(s) ? s : Buffer.from(s, 'utf8').toString('latin1'));

/** Whether the Latin-1 byte string `b` holds well-formed UTF-8 from `from` to `to`. */
function validUtf8(b: string, from: number, to: number): boolean {
  for (let i = from; i < to; ) {
    const c = b.charCodeAt(i);
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > to) return false;
    let cp = n === 1 ? c : c & (0x7f >> n);
    for (let k = 1; k < n; k++) {
      const d = b.charCodeAt(i + k);
      if ((d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff))) return false;
    i += n;
  }
  return true;
}

/** The rank table keyed by bytes, without the byte-keyed tokens gpt-tokenizer cannot find (see above). */
export function o200kRanks(raw: RawRanks): Map<string, number> {
  const ranks = new Map<string, number>();
  raw.forEach((token, rank) => {
    if (typeof token === 'string') ranks.set(utf8(token), rank);
    else {
      const key = String.fromCharCode(...token);
      if (!validUtf8(key, 0, key.length)) ranks.set(key, rank);
    }
  });
  return ranks;
}

/** Whether `s` has a surrogate without its other half. */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const d = s.charCodeAt(i + 1);
    if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return true;
    i++;
  }
  return false;
}

/** Counts a piece's tokens by merging its bytes, lowest rank first (leftmost on ties), as gpt-tokenizer does. */
export function bpeCounter(ranks: Map<string, number>): PieceCount {
  const rankOf = (b: string, from: number, to: number): number => {
    // The TextDecoder quirk: a leading byte-order mark is dropped from a valid range.
    const bom = b.charCodeAt(from) === 0xef && b.charCodeAt(from + 1) === 0xbb && b.charCodeAt(from + 2) === 0xbf;
    return ranks.get(bom && validUtf8(b, from, to) ? b.slice(from + 3, to) : b.slice(from, to)) ?? NONE;
  };
  // starts[i] is where part i begins (starts[parts] = the end); pair[i] the rank of parts i and i+1 merged.
  let starts = new Int32Array(64);
  let pair = new Int32Array(64);
  return (piece) => {
    const b = utf8(piece);
    // The whole piece first, as gpt-tokenizer does, by its text (which no lone surrogate matches).
    if (b.length === 1 || (ranks.has(b) && (b === piece || !hasLoneSurrogate(piece)))) return 1;
    const n = b.length;
    if (starts.length <= n) {
      starts = new Int32Array(2 * n + 2);
      pair = new Int32Array(2 * n + 2);
    }
    for (let i = 0; i <= n; i++) starts[i] = i;
    for (let i = 0; i < n - 1; i++) pair[i] = rankOf(b, i, i + 2);
    pair[n - 1] = NONE;
    let parts = n;
    while (parts > 1) {
      let lowest = NONE;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        if (pair[i]! < lowest) {
          lowest = pair[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      starts.copyWithin(at + 1, at + 2, parts + 1);
      pair.copyWithin(at + 1, at + 2, parts);
      parts--;
      pair[at] = at + 2 <= parts ? rankOf(b, starts[at]!, starts[at + 2]!) : NONE;
      if (at > 0) pair[at - 1] = rankOf(b, starts[at - 1]!, starts[at + 1]!);
    }
    return parts;
  };
}
