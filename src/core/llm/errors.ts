// One error type for every provider failure, so callers (agent runs, the host's error
// messages, the ledger) branch on `kind` instead of on two SDKs' class hierarchies.
import { errorMessage } from '../errorMessage';

export type LlmErrorKind =
  | 'auth'
  | 'rate-limited'
  | 'overloaded'
  | 'server'
  | 'bad-request'
  /** The provider answered 2xx with a body we could not read (malformed JSON, broken SSE). */
  | 'bad-response'
  /**
   * The connection failed or was lost, including a stream that ended (cleanly or not) before its
   * final event: a cut stream is always `network`, wherever it is noticed (provider or cache).
   */
  | 'network'
  | 'cancelled';

export interface LlmErrorInit {
  kind: LlmErrorKind;
  providerId: string;
  message: string;
  status?: number;
  /** From `retry-after-ms` or `retry-after` (seconds or HTTP date). */
  retryAfterMs?: number;
  /** True when the call never left: no API key is stored for a provider that needs one. */
  missingKey?: boolean;
  requestId?: string;
  cause?: unknown;
}

export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly providerId: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly missingKey: boolean;
  readonly requestId: string | undefined;

  constructor(init: LlmErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LlmError';
    this.kind = init.kind;
    this.providerId = init.providerId;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.missingKey = init.missingKey ?? false;
    this.requestId = init.requestId;
  }
}

/** The error classes each SDK exports under the same names; passed in so instanceof stays exact. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined; headers?: Headers | undefined; error?: unknown };
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
}

type HeaderSource = { get(name: string): string | null } | undefined;

export function retryAfterMs(headers: HeaderSource, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindForStatus(status: number): LlmErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limited';
  // 529 is Anthropic's "overloaded"; 503 means the same elsewhere.
  if (status === 529 || status === 503) return 'overloaded';
  if (status >= 500) return 'server';
  if (status === 408) return 'network';
  return 'bad-request';
}

/** For errors sent inside a 200 stream (no status): the vendor's error type decides. */
function kindForType(type: unknown): LlmErrorKind {
  switch (type) {
    case 'authentication_error':
    case 'permission_error':
    case 'invalid_api_key':
      return 'auth';
    case 'rate_limit_error':
    case 'rate_limit_exceeded':
      return 'rate-limited';
    case 'overloaded_error':
      return 'overloaded';
    case 'invalid_request_error':
    case 'not_found_error':
    case 'request_too_large':
      return 'bad-request';
    default:
      // An error event mid-stream is the provider failing, whatever it calls it.
      return 'server';
  }
}

function errorType(err: Error & { error?: unknown }): unknown {
  const body = err.error as { type?: unknown; error?: { type?: unknown } } | undefined;
  return body?.error?.type ?? body?.type;
}

/** The provider's own message from an SDK APIError body (`{error: {message}}` in both wire formats). */
function providerMessage(err: Error & { error?: unknown }): string {
  const body = err.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const nested = body?.error?.message ?? body?.message;
  return typeof nested === 'string' ? nested : err.message;
}

/** Node's fetch (undici) reports a connection lost while reading a body as `TypeError: terminated`. */
function isLostConnection(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return (err instanceof TypeError && err.message === 'terminated') || code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

function findLlmError(err: unknown): LlmError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof LlmError) return e;
  }
  return undefined;
}

/**
 * Maps whatever an SDK call threw to an LlmError with the original attached as `cause`.
 * Called after the SDK's own retries, so a 5xx here means the retries ran out.
 */
export function normalizeError(err: unknown, providerId: string, sdk: SdkErrorClasses, signal?: AbortSignal): LlmError {
  const ours = findLlmError(err);
  if (ours) return ours;
  const base = { providerId, cause: err };
  if (err instanceof sdk.APIUserAbortError || signal?.aborted || (err instanceof Error && err.name === 'AbortError')) {
    return new LlmError({ ...base, kind: 'cancelled', message: `${providerId}: request cancelled` });
  }
  if (err instanceof sdk.APIConnectionError) {
    const detail = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return new LlmError({ ...base, kind: 'network', message: `${providerId}: ${err.message}${detail}` });
  }
  if (isLostConnection(err)) {
    const detail = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return new LlmError({ ...base, kind: 'network', message: `${providerId}: connection lost mid-response${detail}` });
  }
  if (err instanceof sdk.APIError && typeof err.status !== 'number' && err.error !== undefined) {
    const kind = kindForType(errorType(err));
    return new LlmError({ ...base, kind, message: `${providerId}: ${kind} (error in the stream): ${providerMessage(err)}` });
  }
  if (err instanceof sdk.APIError && typeof err.status === 'number') {
    const status = err.status;
    const kind = kindForStatus(status);
    const wait = retryAfterMs(err.headers);
    const requestId = err.headers?.get('request-id') ?? err.headers?.get('x-request-id') ?? undefined;
    const hint = wait === undefined ? '' : ` (retry after ${formatWait(wait)})`;
    return new LlmError({
      ...base,
      kind,
      status,
      retryAfterMs: wait,
      requestId,
      message: `${providerId}: ${status} ${kind}${hint}: ${providerMessage(err)}`,
    });
  }
  const message = errorMessage(err);
  // Anything else escaping an SDK call is a body it could not parse (JSON or SSE).
  return new LlmError({ ...base, kind: 'bad-response', message: `${providerId}: unreadable response: ${message}` });
}

/** A server's `retry-after-ms: 5` means 5 ms: sub-second waits stay in ms, longer ones in seconds. */
function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** A stream that ended before its final event: never a short answer (see `network`). */
export function cutStreamError(providerId: string): LlmError {
  return new LlmError({ kind: 'network', providerId, message: `${providerId}: the stream ended before the response was complete` });
}
