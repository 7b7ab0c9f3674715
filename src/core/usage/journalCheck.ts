// Field checks for journal lines. A line that parses but holds the wrong types (a hand edit, a
// foreign writer) would otherwise be stored as a 1970 row with zero usage: it is rejected instead,
// with the first problem in words, and set aside whole (journalRejects.ts).
import type { JournalEntry } from './journalFormat';

type Check = (value: unknown) => boolean;
type Shape = Readonly<Record<string, readonly [required: boolean, check: Check, expected: string]>>;

const text: Check = (v) => typeof v === 'string';
const count: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const time: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const flag: Check = (v) => typeof v === 'boolean';
const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'reasoningTokens'];

/** Usage fields a journal from an older version may lack are zero; a present one must be a count. */
const usage: Check = (v) => record(v) && USAGE_FIELDS.every((f) => v[f] === undefined || count(v[f]));

const SHAPES: Record<JournalEntry['k'], Shape> = {
  c: {
    id: [true, text, 'a string'],
    executionId: [false, text, 'a string'],
    provider: [true, text, 'a string'],
    providerKind: [false, text, 'a string'],
    model: [true, text, 'a string'],
    responseModel: [false, text, 'a string'],
    startedAt: [true, time, 'a time in epoch milliseconds'],
    durationMs: [true, count, 'a number of milliseconds'],
    usage: [true, usage, 'an object of token counts'],
    cacheHit: [true, flag, 'true or false'],
    savedUsd: [false, count, 'a number of dollars'],
    status: [true, text, 'a string'],
    errorKind: [false, text, 'a string'],
  },
  t: {
    id: [true, text, 'a string'],
    executionId: [false, text, 'a string'],
    server: [true, text, 'a string'],
    tool: [true, text, 'a string'],
    startedAt: [true, time, 'a time in epoch milliseconds'],
    durationMs: [true, count, 'a number of milliseconds'],
    status: [true, text, 'a string'],
    error: [false, text, 'a string'],
    requestBytes: [true, count, 'a number of bytes'],
    responseBytes: [true, count, 'a number of bytes'],
  },
  e: {
    id: [true, text, 'a string'],
    kind: [true, text, 'a string'],
    title: [true, text, 'a string'],
    startedAt: [true, time, 'a time in epoch milliseconds'],
    endedAt: [false, time, 'a time in epoch milliseconds'],
    status: [true, text, 'a string'],
  },
};

/** Why a parsed journal line cannot be stored, or undefined when it can. */
export function entryProblem(entry: unknown): string | undefined {
  if (!record(entry)) return 'not a journal entry';
  const kind = entry['k'];
  if (kind !== 'c' && kind !== 't' && kind !== 'e') return `unknown record kind ${JSON.stringify(kind)}`;
  const r = entry['r'];
  if (!record(r)) return 'the record is not an object';
  for (const [field, [required, check, expected]] of Object.entries(SHAPES[kind])) {
    const value = r[field];
    if (value === undefined ? required : !check(value)) {
      return value === undefined ? `${field} is missing` : `${field} must be ${expected}, not ${JSON.stringify(value)?.slice(0, 40)}`;
    }
  }
  return undefined;
}
