// One tool call in flight, and why it ended early if it did. Most calls get no AbortController:
// creating an AbortSignal costs ~2 µs in Node 20 (a tenth of the client's CPU per call under
// 50 concurrent calls), and the SDK keeps its listener on the signal for good, so one cannot
// be shared. Without one, the SDK's own request timer enforces the timeout (and sends
// notifications/cancelled, as an abort would) and a retired session rejects the call directly.
// A controller is made only when there is something to cancel through it: the caller's signal,
// or a wait for the connection (which the SDK's timer does not cover).
//
// Progress keeps a call alive: every call asks for progress (`onprogress` adds a progress token)
// and the SDK restarts its timer on each notification (`resetTimeoutOnProgress`), so a tool that
// keeps reporting outlives its timeout, and one that falls silent for a whole timeout is cut. A
// total cap of TOTAL_CAP_FACTOR × the timeout still ends any call that reports forever.
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import type { Progress } from '@modelcontextprotocol/client';

export type EndReason = 'timeout' | 'cancelled' | 'closed';

/** A call that keeps reporting progress is cut after this many of its timeouts in all. */
export const TOTAL_CAP_FACTOR = 10;

export type ProgressListener = (progress: Progress) => void;

export class PendingCall {
  private readonly started = performance.now();
  private endedBy: EndReason | undefined;
  private ctl: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private rejectRun: ((err: Error) => void) | undefined;
  private unlink: (() => void) | undefined;
  /** The timeout the SDK was last given for this call. */
  private sdkTimeout = -1;
  private sdkTotal = -1;
  /** Set when the total cap (not a silence) ended the call. */
  cappedAtMs: number | undefined;

  constructor(
    readonly timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    private readonly onProgress?: ProgressListener,
  ) {
    if (!callerSignal) return;
    this.ctl = new AbortController();
    const onAbort = () => this.abort('cancelled');
    if (callerSignal.aborted) {
      onAbort();
      return;
    }
    callerSignal.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => callerSignal.removeEventListener('abort', onAbort);
  }

  /** A signal for waiting on a connection; from now on our own timer enforces the timeout too. */
  waitSignal(): AbortSignal {
    this.ctl ??= new AbortController();
    if (this.endedBy) this.ctl.abort(this.endedBy);
    this.timer ??= setTimeout(() => this.abort('timeout'), this.timeoutMs);
    return this.ctl.signal;
  }

  /** True once the request was handed to the SDK; before that, the call only waited for a connection. */
  get sent(): boolean {
    return this.sdkTimeout >= 0;
  }

  /** Options for the SDK request (asked for as it is sent): the time left, progress handling, and our signal if the call has one. */
  sdkOptions(): { signal?: AbortSignal; timeout: number; maxTotalTimeout: number; resetTimeoutOnProgress: true; onprogress: ProgressListener } {
    const elapsed = performance.now() - this.started;
    this.sdkTimeout = Math.max(1, Math.ceil(this.timeoutMs - elapsed));
    this.sdkTotal = Math.max(1, Math.ceil(this.timeoutMs * TOTAL_CAP_FACTOR - elapsed));
    const options = { timeout: this.sdkTimeout, maxTotalTimeout: this.sdkTotal, resetTimeoutOnProgress: true as const, onprogress: this.progressed };
    return this.ctl ? { ...options, signal: this.ctl.signal } : options;
  }

  private readonly progressed = (progress: Progress): void => {
    // Our own timer (armed while the call waited for a connection) follows the SDK's: it restarts too.
    if (this.timer && !this.endedBy) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.abort('timeout'), this.timeoutMs);
    }
    this.onProgress?.(progress);
  };

  /** Settles with `request`, or rejects at once when the call is aborted (say, its session retired). */
  run<T>(request: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejectRun = reject;
      request.then(resolve, reject);
    });
  }

  /** Ends the call early; the first reason wins, as with an AbortController. */
  abort(reason: EndReason): void {
    if (this.endedBy) return;
    this.endedBy = reason;
    this.ctl?.abort(reason);
    this.rejectRun?.(new Error(`the call was ${reason === 'timeout' ? 'timed out' : reason}`));
  }

  /** Why the call ended early, given what the request failed with. */
  endedBecause(err: unknown): EndReason | undefined {
    if (this.endedBy) return this.endedBy;
    // The SDK's timer rejects with this code and the timeout we gave it as data (a server's own
    // -32001 error carries its own data, not our number).
    if (!(err instanceof SdkError) || err.code !== SdkErrorCode.RequestTimeout) return undefined;
    const data = err.data as { timeout?: unknown; maxTotalTimeout?: unknown } | undefined;
    if (data?.maxTotalTimeout === this.sdkTotal) this.cappedAtMs = this.timeoutMs * TOTAL_CAP_FACTOR;
    return data?.timeout === this.sdkTimeout || this.cappedAtMs !== undefined ? 'timeout' : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unlink?.();
  }
}
