// Exact o200k counts, fast on first sight. A text is split into o200k's pieces by o200kPieces.ts;
// each piece's count comes from a table of pieces already seen (natural text and code repeat their
// words), else from merging its bytes (o200kBpe.ts). (Remembering chunks of text as well was tried: on new text
// storing them cost more than the lookups saved, bench/chatProvider.bench.ts.) A piece is encoded alone exactly as it
// is inside its text, so the sum is the library's count (checked against it in test/unit/).
import type { PieceCount } from './o200kBpe';
import { o200kPieceEnd } from './o200kPieces';

/** A text's token count (the same shape as tokenCount.ts's TokenCounter, which builds on this file). */
type TokenCounter = (text: string) => number;

/** Pieces remembered per generation; the older generation is dropped when the newer one fills. */
const PIECE_GENERATION = 50_000;
/** Pieces longer than this (long runs of digits, spaces or symbols) are not worth remembering. */
const PIECE_MAX_CHARS = 32;

export function o200kCounter(merge: PieceCount): TokenCounter {
  // Two generations approximate least-recently-used at one map operation per hit.
  let recent = new Map<string, number>();
  let older = new Map<string, number>();
  const pieceCount = (piece: string): number => {
    let n = recent.get(piece);
    if (n !== undefined) return n;
    n = older.get(piece) ?? merge(piece);
    if (piece.length > PIECE_MAX_CHARS) return n;
    if (recent.size >= PIECE_GENERATION) {
      older = recent;
      recent = new Map();
    }
    recent.set(piece, n);
    return n;
  };
  return (text) => {
    let total = 0;
    for (let i = 0; i < text.length; ) {
      const end = o200kPieceEnd(text, i);
      total += pieceCount(text.slice(i, end));
      i = end;
    }
    return total;
  };
}
