// Field checks for journal lines. A line that parses but holds the wrong types (a hand edit, a
// foreign writer) would otherwise be stored as a 1970 row with zero usage: it is rejected instead,
// with the first problem in words, and set aside whole (journalRejects.ts).

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

type Field = Shape[string];
const TEXT: Field = [true, text, 'a string'];
const MAYBE_TEXT: Field = [false, text, 'a string'];
const TIME: Field = [true, time, 'a time in epoch milliseconds'];
const DURATION: Field = [true, count, 'a number of milliseconds'];
const BYTES: Field = [true, count, 'a number of bytes'];

/** Fields every record has: the ones a row cannot be stored without. */
const COMMON: Shape = { id: TEXT, startedAt: TIME, status: TEXT };

/** The journal's record kinds (journalFormat.ts's `JournalEntry['k']`, which is checked against this). */
export type JournalKind = 'c' | 't' | 'e' | 'm';

const SHAPES: Record<JournalKind, Shape> = {
  c: {
    ...COMMON,
    executionId: MAYBE_TEXT,
    provider: TEXT,
    providerKind: MAYBE_TEXT,
    model: TEXT,
    responseModel: MAYBE_TEXT,
    durationMs: DURATION,
    usage: [true, usage, 'an object of token counts'],
    cacheHit: [true, flag, 'true or false'],
    savedUsd: [false, count, 'a number of dollars'],
    errorKind: MAYBE_TEXT,
    source: MAYBE_TEXT,
    client: MAYBE_TEXT,
    workspace: MAYBE_TEXT,
  },
  t: { ...COMMON, executionId: MAYBE_TEXT, server: TEXT, tool: TEXT, durationMs: DURATION, error: MAYBE_TEXT, requestBytes: BYTES, responseBytes: BYTES },
  e: { ...COMMON, kind: TEXT, title: TEXT, endedAt: [false, time, 'a time in epoch milliseconds'] },
  m: {
    id: TEXT, startedAt: TIME, server: TEXT, durationMs: DURATION, transport: MAYBE_TEXT,
    event: [true, (v) => v === 'connect' || v === 'call', '"connect" or "call"'],
    phases: [false, (v) => Array.isArray(v) && v.every((p) => record(p) && text(p['name']) && count(p['ms'])), 'a list of { name, ms }'],
  },
};

/** Why a parsed journal line cannot be stored, or undefined when it can. */
export function entryProblem(entry: unknown): string | undefined {
  if (!record(entry)) return 'not a journal entry';
  const kind = entry['k'];
  if (kind !== 'c' && kind !== 't' && kind !== 'e' && kind !== 'm') return `unknown record kind ${JSON.stringify(kind)}`;
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
