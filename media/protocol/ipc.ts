// The wire format every Switchboard webview speaks, and the typed descriptors each page declares
// its messages with (GitLens's IpcRequest/IpcNotification are the model): a notification is
// one-way; a request carries an id and is answered by exactly one response with that id, a
// result or an error.
import { isNumber, isRecord, isString, type Guard } from './guards';

export type Envelope =
  /** Page → host: the page's script is listening (sent again after the page reloads). */
  | { kind: 'ready' }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string };

export type Response = Extract<Envelope, { kind: 'response' }>;

export const isEnvelope: Guard<Envelope> = (v): v is Envelope => {
  if (!isRecord(v)) return false;
  switch (v.kind) {
    case 'ready':
      return true;
    case 'notification':
      return isString(v.method);
    case 'request':
      return isString(v.method) && Number.isSafeInteger(v.id);
    case 'response':
      return isNumber(v.id) && (v.ok === true || (v.ok === false && isString(v.error)));
    default:
      return false;
  }
};

/** A one-way message. `sticky`: the host replays the latest one when the page reloads. */
export interface NotificationType<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly params: Guard<P>;
  readonly sticky: boolean;
  /** The message is this notification with well-formed params. */
  is(msg: Envelope): msg is { kind: 'notification'; method: string; params: P };
}

/** A message answered by one response: `R` on success, an error message otherwise. */
export interface RequestType<P, R> {
  readonly kind: 'request';
  readonly method: string;
  readonly params: Guard<P>;
  readonly result: Guard<R>;
  is(msg: Envelope): msg is { kind: 'request'; id: number; method: string; params: P };
}

export type ParamsOf<T> = T extends NotificationType<infer P> ? P : T extends RequestType<infer P, unknown> ? P : never;
export type ResultOf<T> = T extends RequestType<unknown, infer R> ? R : never;

export function notification<P>(method: string, params: Guard<P>, opts: { sticky?: boolean } = {}): NotificationType<P> {
  return {
    kind: 'notification',
    method,
    params,
    sticky: opts.sticky ?? false,
    is: (msg): msg is { kind: 'notification'; method: string; params: P } => msg.kind === 'notification' && msg.method === method && params(msg.params),
  };
}

export function request<P, R>(method: string, params: Guard<P>, result: Guard<R>): RequestType<P, R> {
  return {
    kind: 'request',
    method,
    params,
    result,
    is: (msg): msg is { kind: 'request'; id: number; method: string; params: P } => msg.kind === 'request' && msg.method === method && params(msg.params),
  };
}

/** How one side sends and receives raw messages: a webview in the product, anything in tests. */
export interface Transport {
  post(message: Envelope): void;
  onMessage(listener: (message: unknown) => void): { dispose(): void };
}

/** Where a side reports what it refused (the host's log; the page's console). */
export type RejectLog = (line: string) => void;

/** A short, safe description of a refused message for a log line (never its full payload). */
export function describe(message: unknown): string {
  if (!isRecord(message)) return typeof message;
  const kind = isString(message.kind) ? message.kind : '?';
  const method = isString(message.method) ? ` ${message.method.slice(0, 80)}` : '';
  return `${kind.slice(0, 20)}${method}`;
}

/** An error as the text an error response carries (media/ cannot use the host's errorMessage). */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
