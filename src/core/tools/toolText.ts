// How tool text and prompts become index terms: camelCase, snake_case, kebab-case and
// `server/tool` names split into words, lower-cased, common English words dropped, and a light
// suffix stemmer so "files", "listing" and "listed" meet "file" and "list". Queries and tools go
// through the same function, so the stemmer only has to be consistent, not correct.
import type { ToolEntry } from '../mcp/registry';

const STOP_WORDS = new Set(
  'a an and are as at be by can could do for from how i in is it its me my of on or please that the this to us use using we what when which will with you your'.split(
    ' ',
  ),
);

function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function stem(word: string): string {
  if (word.length <= 3 || hasDigit(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && (word.endsWith('shes') || word.endsWith('ches') || word.endsWith('xes') || word.endsWith('sses'))) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const enum Kind {
  Other,
  Lower,
  Upper,
  Digit,
}

function kindOf(c: number): Kind {
  if (c >= 97 && c <= 122) return Kind.Lower;
  if (c >= 65 && c <= 90) return Kind.Upper;
  if (c >= 48 && c <= 57) return Kind.Digit;
  return Kind.Other;
}

/**
 * The index terms of `text`, in order, duplicates kept (term frequency counts them). One pass
 * over the characters (index builds tokenize every tool): words end at anything but ASCII
 * letters and digits, and inside identifiers at fooBar → foo|Bar and HTTPServer → HTTP|Server.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  const push = (start: number, end: number) => {
    if (end - start < 2) return;
    const word = text.slice(start, end).toLowerCase();
    if (!STOP_WORDS.has(word)) out.push(stem(word));
  };
  let start = -1;
  let prev = Kind.Other;
  for (let i = 0; i <= text.length; i++) {
    const kind = i < text.length ? kindOf(text.charCodeAt(i)) : Kind.Other;
    if (kind === Kind.Other) {
      if (start >= 0) push(start, i);
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (kind === Kind.Upper && prev !== Kind.Upper) {
      push(start, i);
      start = i;
    } else if (kind === Kind.Lower && prev === Kind.Upper && i - start > 1) {
      push(start, i - 1);
      start = i - 1;
    }
    prev = kind;
  }
  return out;
}

/** A tool's text by field, each with the weight its terms count with. */
export interface WeightedField {
  weight: number;
  text: string;
}

function parameterNames(schema: unknown): string {
  const props = (schema as { properties?: unknown } | undefined)?.properties;
  return props && typeof props === 'object' ? Object.keys(props).join(' ') : '';
}

/** Names weigh most (a prompt naming the tool should find it), then title, parameters, description. */
export function toolFields(entry: ToolEntry): WeightedField[] {
  return [
    { weight: 3, text: entry.qualifiedName },
    { weight: 2, text: entry.definition.title ?? entry.definition.annotations?.title ?? '' },
    { weight: 1.5, text: parameterNames(entry.inputSchema) },
    { weight: 1, text: entry.description },
  ];
}

/** A tool's terms with their weighted frequencies, and its weighted length (BM25's document length). */
export function weightedTerms(entry: ToolEntry): { tf: Map<string, number>; length: number } {
  const tf = new Map<string, number>();
  let length = 0;
  for (const field of toolFields(entry)) {
    for (const term of terms(field.text)) {
      tf.set(term, (tf.get(term) ?? 0) + field.weight);
      length += field.weight;
    }
  }
  return { tf, length };
}
