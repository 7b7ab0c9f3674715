// Answers a server's `elicitation/create`: form mode asks the user each field of the requested
// schema (through a prompts port the host implements), checks every answer against the schema
// with ajv and asks again when one does not fit; a form longer than QUICK_FIELDS goes to the
// host's one-page form instead, when it has one, checked the same way on each submit; URL mode opens the link only after the user
// confirmed it, shown with its host. The user can accept, decline or cancel at any step. An
// answer that never fits is refused: nothing invalid reaches the server.
import type { ElicitRequestParams, ElicitResult } from '@modelcontextprotocol/client';
import { answerValue, formValue, oneLine, questionsOf } from './elicitationForm';
import type { Question } from './elicitationForm';
import { SchemaChecker } from './schemaCheck';

/** How many times one field is asked before the form is refused. */
export const MAX_TRIES = 3;
/** Forms with more fields than this go to the host's form page, when it has one. */
export const QUICK_FIELDS = 3;

/** Each field's answer on the form page: typed text, or a multi-select's chosen values. */
export type FormAnswers = Readonly<Record<string, string | readonly string[]>>;
/** What the host's form does with a submission: the content to send, or the problems to show. */
export type FormCheck = (answers: FormAnswers) => { content: Record<string, unknown> } | { problems: string[] };
export type FormOutcome = { action: 'accept'; content: Record<string, unknown> } | { action: 'decline' } | undefined;

export interface ElicitationAsk {
  server: string;
  /** The server's message, one line (see `oneLine`). */
  message: string;
}

/** What the host shows; every text in here came from the server. */
export interface ElicitationPrompts {
  /** Who asks and why, before any field: accept, decline, or undefined when dismissed (cancel). */
  begin(ask: ElicitationAsk & { fields: readonly Question[] }): Promise<'accept' | 'decline' | undefined>;
  /** One field; `problem` says why the last answer did not fit. Undefined when dismissed (cancel). */
  question(q: Question, ask: ElicitationAsk & { problem?: string }): Promise<string | undefined>;
  /** URL mode: whether to open `url` (its host shown apart, so a look-alike path cannot hide it). */
  confirmUrl(ask: ElicitationAsk & { url: URL }): Promise<'open' | 'decline' | undefined>;
  openUrl(url: URL): Promise<boolean>;
  /** Tells the user why their answers were not sent. */
  refused(ask: ElicitationAsk, problems: readonly string[]): void;
  /**
   * Optional: every field on one page. Resolves with the content of the first submission `check`
   * accepted, with decline, or undefined when the user cancelled (closed it).
   */
  form?(ask: ElicitationAsk & { fields: readonly Question[] }, check: FormCheck): Promise<FormOutcome>;
}

type FormParams = Extract<ElicitRequestParams, { requestedSchema: unknown }>;

export class Elicitation {
  private readonly schemas = new SchemaChecker();

  constructor(private readonly prompts: ElicitationPrompts) {}

  /** The answer to one request from `server`. */
  async answer(server: string, request: ElicitRequestParams): Promise<ElicitResult> {
    const ask = { server, message: oneLine(request.message, 400) };
    if (request.mode === 'url') return this.url(ask, request.url);
    if ('requestedSchema' in request) return this.form(ask, request);
    return { action: 'decline' };
  }

  private async url(ask: ElicitationAsk, raw: string): Promise<ElicitResult> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      this.prompts.refused(ask, [`the server sent a link that is not a URL: ${oneLine(raw)}`]);
      return { action: 'decline' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      this.prompts.refused(ask, [`links to ${url.protocol} are not opened`]);
      return { action: 'decline' };
    }
    const choice = await this.prompts.confirmUrl({ ...ask, url });
    if (choice !== 'open') return { action: choice ?? 'cancel' };
    return (await this.prompts.openUrl(url)) ? { action: 'accept' } : { action: 'cancel' };
  }

  private async form(ask: ElicitationAsk, request: FormParams): Promise<ElicitResult> {
    const schema = request.requestedSchema;
    const questions = questionsOf(schema);
    const form = this.prompts.form?.bind(this.prompts);
    if (form && questions.length > QUICK_FIELDS) return this.onePage(form, ask, questions, schema);
    const choice = await this.prompts.begin({ ...ask, fields: questions });
    if (choice !== 'accept') return { action: choice ?? 'cancel' };
    const content: Record<string, unknown> = {};
    for (const q of questions) {
      const answered = await this.field(ask, q, schema);
      if (answered === 'cancel' || answered === 'refused') return { action: 'cancel' };
      if (answered.value !== undefined) content[q.key] = answered.value;
    }
    // Fields one by one cannot see rules across them; the whole answer is checked once more.
    const problems = this.schemas.problems(schema, content, '(answers)');
    if (problems.length) {
      this.prompts.refused(ask, problems);
      return { action: 'cancel' };
    }
    return { action: 'accept', content: content as ElicitResult['content'] };
  }

  private async onePage(form: NonNullable<ElicitationPrompts['form']>, ask: ElicitationAsk, questions: readonly Question[], schema: FormParams['requestedSchema']): Promise<ElicitResult> {
    const check: FormCheck = (answers) => {
      const content: Record<string, unknown> = {};
      for (const q of questions) {
        const value = formValue(q, answers[q.key]);
        if (value !== undefined) content[q.key] = value;
      }
      const problems = this.schemas.problems(schema, content, '(answers)');
      return problems.length ? { problems } : { content };
    };
    const outcome = await form({ ...ask, fields: questions }, check);
    if (!outcome) return { action: 'cancel' };
    if (outcome.action === 'decline') return { action: 'decline' };
    // Whatever the page hands back is checked once more before it reaches the server.
    const problems = this.schemas.problems(schema, outcome.content, '(answers)');
    if (problems.length) {
      this.prompts.refused(ask, problems);
      return { action: 'cancel' };
    }
    return { action: 'accept', content: outcome.content as ElicitResult['content'] };
  }

  private async field(ask: ElicitationAsk, q: Question, schema: FormParams['requestedSchema']): Promise<{ value: unknown } | 'cancel' | 'refused'> {
    const single = { type: 'object', properties: { [q.key]: schema.properties[q.key] }, required: q.required ? [q.key] : [] };
    let problem: string | undefined;
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const text = await this.prompts.question(q, { ...ask, problem });
      if (text === undefined) return 'cancel';
      const value = answerValue(q, text);
      const problems = this.schemas.problems(single, value === undefined ? {} : { [q.key]: value }, `/${q.key}`);
      if (!problems.length) return { value };
      problem = problems.join('; ');
    }
    this.prompts.refused(ask, [`${q.title}: ${problem ?? 'invalid'} (asked ${MAX_TRIES} times)`]);
    return 'refused';
  }
}
