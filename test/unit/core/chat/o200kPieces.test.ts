import * as assert from 'node:assert/strict';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { o200kPieceEnd } from '../../../../src/core/chat/o200kPieces';
import { MIXED, randomTexts, repoTexts } from './o200kCorpus';

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
