// A form-mode elicitation's requested schema as questions the host can ask one at a time, and
// each typed answer turned back into a JSON value. The spec keeps these schemas flat (strings,
// numbers, booleans, enums, multi-select arrays), so quick inputs cover every field. Everything
// here is server text: titles are cut to one line before anyone shows them.

export type QuestionKind = 'string' | 'number' | 'integer' | 'boolean' | 'choice' | 'choices';

export interface Question {
  key: string;
  /** One line: the field's title or its key. */
  title: string;
  description?: string;
  kind: QuestionKind;
  required: boolean;
  /** For `choice`/`choices`: each value and the label shown for it. */
  options: { value: string; label: string }[];
  /** The schema's default, as text for an input box. */
  initial?: string;
}

type Field = {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  enumNames?: unknown[];
  oneOf?: { const?: unknown; title?: string }[];
  anyOf?: { const?: unknown; title?: string }[];
  items?: Field;
  default?: unknown;
};

const MAX_LINE = 120;

/** Server text made safe for a one-line title: control characters and line breaks become spaces, long text is cut. */
export function oneLine(text: string, max = MAX_LINE): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function optionsOf(f: Field): Question['options'] {
  const titled = f.oneOf ?? f.anyOf;
  if (titled) return titled.map((o) => ({ value: String(o.const), label: oneLine(o.title ?? String(o.const)) }));
  return (f.enum ?? []).map((v, i) => ({ value: String(v), label: oneLine(String(f.enumNames?.[i] ?? v)) }));
}

function kindOf(f: Field): QuestionKind {
  if (f.type === 'array') return 'choices';
  if (f.enum || f.oneOf || f.anyOf) return 'choice';
  if (f.type === 'boolean' || f.type === 'number' || f.type === 'integer') return f.type;
  return 'string';
}

/** The questions for a requested schema, in the server's property order. */
export function questionsOf(schema: { properties?: Record<string, unknown>; required?: string[] }): Question[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, raw]) => {
    const f = (raw ?? {}) as Field;
    const kind = kindOf(f);
    const options = kind === 'choices' ? optionsOf(f.items ?? {}) : kind === 'choice' ? optionsOf(f) : [];
    const initial = f.default === undefined ? undefined : Array.isArray(f.default) ? f.default.map(String).join(', ') : String(f.default);
    return { key, title: oneLine(f.title ?? key), description: f.description && oneLine(f.description, 400), kind, required: required.has(key), options, initial };
  });
}

/**
 * The JSON value of a typed answer: numbers parsed, booleans and choices mapped back to the
 * schema's values, multi-select lists split on commas. Empty means "not given". Text that does
 * not parse is kept as text, so the schema check names the problem.
 */
export function answerValue(q: Question, text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  switch (q.kind) {
    case 'number':
    case 'integer':
      return Number.isNaN(Number(t)) ? t : Number(t);
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'choice':
      return q.options.find((o) => o.value === t || o.label === t)?.value ?? t;
    case 'choices':
      return t.split(',').map((part) => part.trim()).filter(Boolean).map((part) => q.options.find((o) => o.label === part)?.value ?? part);
    case 'string':
      return text;
  }
}

/** The JSON value of a field answered on the form page: typed text as above, a multi-select as its chosen values. */
export function formValue(q: Question, answer: string | readonly string[] | undefined): unknown {
  if (answer === undefined) return undefined;
  if (typeof answer === 'string') return answerValue(q, answer);
  return answer.length ? [...answer] : undefined;
}
