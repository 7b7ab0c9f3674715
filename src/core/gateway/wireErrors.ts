// Errors in the wire format the client speaks: OpenAI's `{error: {message, type, code}}` or
// Anthropic's `{type: 'error', error: {type, message}}`, with the HTTP status and retry-after.
import type { ServerResponse } from 'node:http';
import { LlmError } from '../llm/errors';
import type { LlmErrorKind } from '../llm/errors';
import { BudgetExceededError } from '../usage/budget';

export type WireFormat = 'openai' | 'anthropic';

/** One refusal or failure, independent of the format it is written in. */
export interface GatewayError {
  status: number;
  /** Anthropic's error type (`invalid_request_error`, …); OpenAI bodies carry it as `type` too. */
  type: string;
  message: string;
  /** OpenAI's `code` (e.g. `model_not_found`, `budget_exceeded`). */
  code?: string;
  retryAfterMs?: number;
}

/** Anthropic's paths are `/v1/messages…`; everything else is answered in OpenAI's shape. */
export const formatForPath = (path: string): WireFormat => (path.startsWith('/v1/messages') ? 'anthropic' : 'openai');

export function errorBody(format: WireFormat, e: GatewayError): Record<string, unknown> {
  if (format === 'anthropic') return { type: 'error', error: { type: e.code === 'budget_exceeded' ? e.code : e.type, message: e.message } };
  return { error: { message: e.message, type: e.type, param: null, code: e.code ?? null } };
}

export function sendError(res: ServerResponse, format: WireFormat, e: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (e.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(e.retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(Math.round(e.retryAfterMs));
  }
  res.writeHead(e.status, headers);
  res.end(JSON.stringify(errorBody(format, e)));
}

const TYPE_BY_KIND: Record<LlmErrorKind, { status: number; type: string }> = {
  auth: { status: 502, type: 'api_error' },
  'rate-limited': { status: 429, type: 'rate_limit_error' },
  overloaded: { status: 529, type: 'overloaded_error' },
  server: { status: 502, type: 'api_error' },
  'bad-request': { status: 400, type: 'invalid_request_error' },
  'bad-response': { status: 502, type: 'api_error' },
  network: { status: 502, type: 'api_error' },
  cancelled: { status: 499, type: 'api_error' },
};

/**
 * What a failed call becomes on the wire. An upstream auth failure is the gateway's problem, not
 * the client's (its own key was fine), so it is a 502, never a 401 that would make the client
 * drop its key; upstream statuses that are the client's business (400, 404, 413, 429, 5xx) pass
 * through with their retry-after.
 */
export function gatewayErrorFor(err: unknown): GatewayError {
  if (err instanceof BudgetExceededError) return { status: 429, type: 'rate_limit_error', code: 'budget_exceeded', message: err.message };
  if (err instanceof LlmError) {
    const base = TYPE_BY_KIND[err.kind];
    const passStatus = err.status !== undefined && err.kind !== 'auth' && err.status >= 400 ? err.status : base.status;
    const e: GatewayError = { status: passStatus, type: base.type, message: err.message };
    if (err.kind === 'rate-limited') e.code = 'rate_limit_exceeded';
    if (err.retryAfterMs !== undefined) e.retryAfterMs = err.retryAfterMs;
    return e;
  }
  return { status: 500, type: 'api_error', message: 'The gateway failed to handle the request.' };
}

export const badRequest = (message: string): GatewayError => ({ status: 400, type: 'invalid_request_error', message });

/** Parses a JSON object body; a GatewayError (400) when it is not one. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GatewayRefusal(badRequest(`The request body is not valid JSON: ${(err as Error).message}`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayRefusal(badRequest('The request body must be a JSON object.'));
  }
  return value as Record<string, unknown>;
}

/** Thrown by route code to refuse a request with a specific wire error. */
export class GatewayRefusal extends Error {
  constructor(readonly error: GatewayError) {
    super(error.message);
    this.name = 'GatewayRefusal';
  }
}
