// Maps whatever a failed tool call threw (SDK McpError, fetch failure, our abort reasons) to a
// ToolCallError that says what happened and that the call was not retried.
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { errorMessage } from '../errorMessage';
import { ServerStartError, ToolCallError } from './errors';
import type { EndReason } from './pendingCall';
import { isNetworkError } from './sessionUtil';

export interface CallContext {
  server: string;
  tool: string;
  /** Why the call ended early, if it did: `timeout`, `cancelled`, or `closed` (session retired). */
  ended: EndReason | undefined;
  timeoutMs: number;
  /** Set when the call kept reporting progress until the total cap ended it. */
  cappedAtMs?: number;
  /** False when the call ended while still waiting for a connection: the server never saw it. */
  sent: boolean;
  /** The server was coming back after its connection was lost (or after an error). */
  restarting?: boolean;
  /** Set when we closed the session on purpose (stop, restart, lost connection). */
  closedBecause?: string;
  lastError?: string;
  lastStderr?: string;
}

export function toToolCallError(err: unknown, c: CallContext): Error {
  if (err instanceof ToolCallError) return err;
  const who = `tool "${c.tool}" on MCP server "${c.server}"`;
  const make = (kind: ToolCallError['kind'], message: string) => new ToolCallError(kind, message, c.server, c.tool, { cause: err });
  if (c.ended === 'timeout' && !c.sent) {
    const why = c.restarting ? `the server was restarting (${c.lastError ?? 'after a failure'}) and was not back` : 'the server did not finish starting';
    return make('not-running', `${who} was not sent: ${why} within ${c.timeoutMs} ms`);
  }
  if (c.ended === 'timeout' && c.cappedAtMs !== undefined) {
    return make('timeout', `${who} was still reporting progress after ${c.cappedAtMs} ms, the total limit for one call; it was ended and not retried`);
  }
  if (c.ended === 'timeout') {
    return make('timeout', `${who} did not answer within ${c.timeoutMs} ms (nor report progress); it was cancelled and not retried`);
  }
  const closed = err instanceof SdkError && err.code === SdkErrorCode.ConnectionClosed;
  if (neverLeft(err)) {
    return make('connection-lost', `${who} was not sent: the connection closed before it went out (${c.closedBecause ?? c.lastError ?? 'server exited'}); it was not retried`);
  }
  if (c.closedBecause && (closed || isNetworkError(err) || c.ended === 'closed')) {
    return make('connection-lost', `${who} failed: the connection was closed (${c.closedBecause}) while the call was in flight; it was not retried`);
  }
  if (c.ended) return make('cancelled', `${who} was cancelled`);
  if (closed) {
    const detail = `${c.lastError ?? 'server exited'}${c.lastStderr ? `; last stderr: ${c.lastStderr}` : ''}`;
    return make('connection-lost', `${who} failed: the connection closed while the call was in flight (${detail}). It may or may not have run and was not retried`);
  }
  if (err instanceof ServerStartError) return make('not-running', err.message);
  return make('server-error', `${who} failed: ${errorMessage(err)}`);
}

/**
 * The v2 client awaits its output-schema lookup before it writes a call, so a connection that
 * closes in that gap rejects with a plain "Not connected": the server never saw the request.
 */
function neverLeft(err: unknown): boolean {
  return (err instanceof SdkError && err.code === SdkErrorCode.NotConnected) || (err instanceof Error && err.message === 'Not connected');
}
