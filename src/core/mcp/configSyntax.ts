// Positions and JSON syntax errors in config files, in words a user reads (not jsonc-parser's
// codes), each position reported once, with a range an editor can underline.
import { ParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { ConfigProblem } from './configTypes';

/** 1-based line and column, with the (exclusive) end of the range when known. */
export interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

const WORDS: Record<ParseErrorCode, string> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'invalid number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'expected a value',
  [ParseErrorCode.ColonExpected]: 'expected a colon',
  [ParseErrorCode.CommaExpected]: 'expected a comma',
  [ParseErrorCode.CloseBraceExpected]: 'expected a closing brace "}"',
  [ParseErrorCode.CloseBracketExpected]: 'expected a closing bracket "]"',
  [ParseErrorCode.EndOfFileExpected]: 'unexpected text after the end of the file',
  [ParseErrorCode.InvalidCommentToken]: 'invalid comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'unclosed comment',
  [ParseErrorCode.UnexpectedEndOfString]: 'unclosed string',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'the number ends too early',
  [ParseErrorCode.InvalidUnicode]: 'invalid unicode escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape character',
  [ParseErrorCode.InvalidCharacter]: 'invalid character in a string',
};

export function spanAt(text: string, offset: number, length = 0): Span {
  const start = positionAt(text, offset);
  const end = positionAt(text, offset + length);
  return { ...start, endLine: end.line, endColumn: end.column };
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

/**
 * Where to underline a value: the value itself when it is short, or the key naming it when it
 * is an object or array (which may span many lines).
 */
export function nodeSpan(text: string, node: Node): Span {
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const target = key && (node.type === 'object' || node.type === 'array') ? key : node;
  return spanAt(text, target.offset, target.length);
}

/** One problem per position; an "expected a value" straight after an unexpected character adds nothing. */
export function syntaxProblems(text: string, errors: readonly ParseError[], file: string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Set<number>();
  let previous: ParseError | undefined;
  for (const e of errors) {
    const followsBadSymbol = previous?.error === ParseErrorCode.InvalidSymbol && e.error === ParseErrorCode.ValueExpected && e.offset === previous.offset + previous.length;
    previous = e;
    if (seen.has(e.offset) || followsBadSymbol) continue;
    seen.add(e.offset);
    out.push({ file, message: `JSON syntax error: ${WORDS[e.error] ?? 'invalid JSON'}`, syntax: true, ...spanAt(text, e.offset, e.length) });
  }
  if (out.length === 0) out.push({ file, message: 'the file is empty', syntax: true, line: 1, column: 1 });
  return out;
}
