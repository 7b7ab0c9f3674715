// One tool call in flight, and why it ended early if it did. Most calls get no AbortController:
// creating an AbortSignal costs ~2 µs in Node 20 (a tenth of the client's CPU per call under
// 50 concurrent calls), and the SDK keeps its listener on the signal for good, so one cannot
// be shared. Without one, the SDK's own request timer enforces the timeout (and sends
// notifications/cancelled, as an abort would) and a retired session rejects the call directly.
// A controller is made only when there is something to cancel through it: the caller's signal,
// or a wait for the connection (which the SDK's timer does not cover).
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';

export type EndReason = 'timeout' | 'cancelled' | 'closed';

export class PendingCall {
  private readonly started = performance.now();
  private endedBy: EndReason | undefined;
  private ctl: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private rejectRun: ((err: Error) => void) | undefined;
  private unlink: (() => void) | undefined;
  /** The timeout the SDK was last given for this call. */
  private sdkTimeout = -1;

  constructor(
    readonly timeoutMs: number,
    callerSignal: AbortSignal | undefined,
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

  /** Options for the SDK request (asked for as it is sent): the time left, and our signal if the call has one. */
  sdkOptions(): { signal?: AbortSignal; timeout: number } {
    this.sdkTimeout = Math.max(1, Math.ceil(this.timeoutMs - (performance.now() - this.started)));
    return this.ctl ? { signal: this.ctl.signal, timeout: this.sdkTimeout } : { timeout: this.sdkTimeout };
  }

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
    const sdkTimedOut =
      err instanceof SdkError && err.code === SdkErrorCode.RequestTimeout && (err.data as { timeout?: unknown } | undefined)?.timeout === this.sdkTimeout;
    return sdkTimedOut ? 'timeout' : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unlink?.();
  }
}
