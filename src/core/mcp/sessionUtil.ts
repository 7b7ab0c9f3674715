// Small async helpers for sessions: abortable waits and readable start failures.
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { untilAborted } from '../abort';
import { backoffDelay } from '../backoff';
import { errorMessage } from '../errorMessage';
import type { Logger } from '../log';
import { redact } from './configResolve';
import type { ServerConfig } from './configTypes';
import type { PoolSettings } from './poolTypes';

/** Waits for `promise` unless `signal` aborts first (the promise keeps running for others). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  const asError = promise.catch((e: unknown) => Promise.reject(e instanceof Error ? e : new Error(errorMessage(e))));
  return untilAborted(asError, signal, (s) => new Error(String(s.reason)));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Calls `open` up to `reconnectAttempts` times, after a capped exponential backoff each time;
 * resolves with the first success, rejects with the last failure (or at once when `life` aborts).
 */
export async function retryWithBackoff<T>(settings: PoolSettings, life: AbortSignal, log: Logger, open: () => Promise<T>): Promise<T> {
  let last: unknown = new Error('no reconnect attempts allowed');
  for (let attempt = 0; attempt < settings.reconnectAttempts; attempt++) {
    const delay = backoffDelay(attempt, settings.reconnectBaseMs, settings.reconnectMaxMs);
    log.info(`reconnecting in ${delay} ms (attempt ${attempt + 1} of ${settings.reconnectAttempts})`);
    await sleep(delay, life);
    if (life.aborted) throw new Error('stopped while reconnecting');
    try {
      return await open();
    } catch (err) {
      last = err;
      log.warn(`reconnect attempt ${attempt + 1} failed: ${errorMessage(err)}`);
    }
  }
  throw last;
}

/** Turns spawn and connect failures into a sentence a user can act on. */
export function startFailureMessage(err: unknown, config: ServerConfig | undefined, stderrTail: readonly string[] = []): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const t = config?.transport;
  if (t?.type === 'stdio' && code === 'ENOENT') {
    return `command "${t.command}" was not found (is it installed and on PATH?${t.cwd ? `; cwd ${t.cwd}` : ''})`;
  }
  if (t?.type === 'stdio' && code === 'EACCES') return `command "${t.command}" is not executable`;
  // The SDK's message is prefixed ("MCP error -32000: Connection closed"): go by its code.
  if (err instanceof SdkError && err.code === SdkErrorCode.ConnectionClosed && t?.type === 'stdio') {
    const said = stderrTail.slice(-3).join(' | ');
    return `the process exited during startup (command "${t.command}")${said ? `; its last stderr: ${said}` : '; it wrote nothing to stderr'}`;
  }
  return errorMessage(err);
}

/** A request that failed below HTTP: refused, reset, or the socket closed mid-answer. */
export function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (err instanceof TypeError && err.message === 'fetch failed') return true;
  return /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|other side closed|terminated/.test(`${err.message} ${cause?.code ?? ''} ${cause?.message ?? ''}`);
}

/** The last lines a server wrote to stderr, its secrets redacted. */
export class StderrTail {
  private readonly kept: string[] = [];

  constructor(
    private readonly limit: () => number,
    private readonly secrets: () => readonly string[],
  ) {}

  /** Keeps the line, redacted, and returns it as kept. */
  push(line: string): string {
    const clean = redact(line, this.secrets());
    this.kept.push(clean);
    while (this.kept.length > this.limit()) this.kept.shift();
    return clean;
  }

  last(): string | undefined {
    return this.kept.at(-1);
  }

  lines(): string[] {
    return [...this.kept];
  }
}

/** A logger that strips the server's secrets (input values, header credentials) from every line. */
export function redactingLogger(base: Logger, secrets: () => readonly string[]): Logger {
  const clean = (m: string | Error) => redact(m instanceof Error ? m.message : m, secrets());
  return {
    trace: (m) => base.trace(clean(m)),
    debug: (m) => base.debug(clean(m)),
    info: (m) => base.info(clean(m)),
    warn: (m) => base.warn(clean(m)),
    error: (m) => base.error(clean(m)),
  };
}
