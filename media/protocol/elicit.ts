// The elicitation form's contract: the question a server asks (its fields as the host read them
// from the requested schema), the answers the page submits (the host checks them against that
// schema and either closes the form or names the problems), and Decline. Closing the tab cancels.
import { arrayOf, fromHost, isRecord, isString, oneOf, shape } from './guards';
import { notification, request } from './ipc';

export type ElicitFieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'choice' | 'choices';

/** One field; every text in it is untrusted server text, shown as text only. */
export interface ElicitField {
  key: string;
  title: string;
  description?: string;
  kind: ElicitFieldKind;
  required: boolean;
  options: { value: string; label: string }[];
  initial?: string;
}

export interface ElicitForm {
  server: string;
  message: string;
  fields: ElicitField[];
}

/** Each field's answer: typed text, or the chosen values of a multi-select. Empty means not given. */
export type ElicitAnswers = Record<string, string | string[]>;

/** The host's verdict on a submission: sent (the form closes) or the problems to fix. */
export type ElicitVerdict = { kind: 'sent' } | { kind: 'problems'; problems: string[] };

const isAnswer = oneOf<[string, string[]]>(isString, arrayOf(isString));
const isAnswers = (v: unknown): v is ElicitAnswers => isRecord(v) && Object.values(v).every(isAnswer);

export const Elicit = {
  /** Host → page: what is asked (replayed if the page reloads). */
  form: notification('elicit/form', fromHost<ElicitForm>(), { sticky: true }),
  /** Page → host: Accept with these answers. */
  submit: request('elicit/submit', shape({ answers: isAnswers }), fromHost<ElicitVerdict>()),
  /** Page → host: Decline (the server hears `decline`). */
  decline: notification('elicit/decline', shape({})),
  /** Page → host: Cancel, as closing the tab does (the server hears `cancel`). */
  cancel: notification('elicit/cancel', shape({})),
};
